"""Sign-in and sign-out of the console, and its home page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from issuer.auth import Role
from issuer.console.sessions import check_origin, current_session, end_session, open_session
from issuer.console.web import ConsoleRoute, posted, read_form, sign_in_page
from issuer.deps import Ctx
from issuer.passwords import sign_in
from node.errors import CreditBankError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

#: Where each role starts.
_HOME = {
    Role.ADMIN: "/console/applications",
    Role.REVIEWER: "/console/applications",
    Role.OPERATOR: "/console/credentials",
}


def _safe_next(path: str) -> str | None:
    """Only a path inside the console: never an open redirect."""
    if path.startswith("/console/") and not path.startswith("//") and "\\" not in path:
        return path
    return None


@router.get("/console/sign-in")
async def sign_in_form(next: str = "") -> Response:  # noqa: A002 - the query's name
    """The sign-in form."""
    return sign_in_page(next_path=next)


@router.post("/console/sign-in")
async def sign_in_post(request: Request, ctx: Ctx) -> Response:
    """Check the password (back-off after failures) and start a session; the name is kept."""
    check_origin(ctx, request)
    form = await read_form(request)
    name = form.get("name", "")
    try:
        operator = await sign_in(ctx.ledger.db, ctx.tokens, name, form.get("password", ""))
    except CreditBankError as exc:  # shown beside the form, which keeps the name
        return sign_in_page(
            exc.to_problem(instance=request.url.path),
            name=name,
            next_path=form.get("next", ""),
            status=exc.http_status,
        )
    target = _safe_next(form.get("next", "")) or _HOME[Role(operator.role)]
    response = RedirectResponse(target, status_code=303)
    await open_session(ctx, operator, response)
    return response


@router.post("/console/sign-out")
async def sign_out(request: Request, ctx: Ctx) -> Response:
    """End the session everywhere (the store forgets it), then show the sign-in form."""
    session, _ = await posted(request, ctx)
    response = sign_in_page(
        {"title": "Signed out", "detail": "You are signed out.", "code": "SIGNED_OUT"}
    )
    await end_session(ctx, session, response)
    return response


@router.get("/console")
@router.get("/console/")
async def home(request: Request, ctx: Ctx) -> Response:
    """Go to the first page of the operator's role."""
    session = await current_session(ctx, request)
    return RedirectResponse(_HOME[Role(session.operator.role)], status_code=303)
