"""OpenID4VP 1.0: the employer creates a request, a wallet answers at the response URI.

The response endpoint speaks OAuth, not problem documents: a refused answer is HTTP 400 with
``{error, error_description}`` as the spec's wallets expect. Every other route here answers
errors as our problem documents.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from node.errors import NotFoundError
from verifier.dcql import Wanted, build_query, levels_from
from verifier.deps import Ctx
from verifier.openid4vp import Openid4vpRequests, unsigned_request_object
from verifier.openid4vp_qr import qr_png
from verifier.openid4vp_response import Oid4vpError, accept_response
from verifier.routes.page import report_page

router = APIRouter(tags=["openid4vp"])

_NO_STORE = {"Cache-Control": "no-store"}
_MAX_FORM_FIELDS = 8


async def get_requests(ctx: Ctx) -> Openid4vpRequests:
    """The requests of this verifier, in the shared token store (cheap: no state of its own)."""
    return Openid4vpRequests(
        ctx.db,
        ctx.settings.domain,
        ctx.settings.challenge_ttl_seconds,
        per_minute=ctx.settings.challenges_per_minute,
    )


Requests = Annotated[Openid4vpRequests, Depends(get_requests)]


class RequestCreate(BaseModel):
    """What the employer asks for; every member narrows the DCQL query."""

    types: list[str] = Field(default_factory=lambda: ["OpenBadgeCredential"], max_length=4)
    outcome: str = Field(default="", max_length=200, description="achievement id or humanCode")
    field: str = Field(default="", max_length=64, description="fieldOfStudyCode")
    levels: list[int] = Field(default_factory=list, max_length=8)
    at_least_level: int | None = Field(default=None, description="spelled out as levels")
    multiple: bool = False
    same_device: bool = Field(default=False, description="answer with a redirect_uri")


@router.post("/openid4vp/requests", status_code=201)
async def create_request(
    body: RequestCreate, requests: Requests, request: Request
) -> dict[str, Any]:
    """A fresh authorisation request: its links (by value, by reference), QR code and status."""
    wanted = Wanted(
        types=tuple(t.strip() for t in body.types if t.strip()),
        outcome=body.outcome.strip(),
        field=body.field.strip(),
        levels=levels_from(body.levels, body.at_least_level),
        multiple=body.multiple,
    )
    client = request.client.host if request.client else ""
    made = await requests.create(build_query(wanted), client=client, same_device=body.same_device)
    base = requests.public_url
    return {
        "transaction": made.transaction,
        "expires_at": made.expires_at,
        "request": made.params,
        "link": made.link_by_value,
        "link_by_reference": made.link_by_reference,
        "request_uri": made.request_uri,
        "qr_url": f"{base}/openid4vp/requests/{made.state}/qr.png",
        "status_url": f"{base}/openid4vp/transactions/{made.transaction}",
        "report_url": f"{base}/openid4vp/transactions/{made.transaction}/report",
    }


async def _live(requests: Openid4vpRequests, state: str) -> dict[str, Any]:
    record = await requests.live(state)
    if record is None:
        raise NotFoundError("no open request with that state: answered, expired or unknown")
    return record


@router.get(
    "/openid4vp/requests/{state}/object",
    response_class=Response,
    responses={200: {"content": {"application/oauth-authz-req+jwt": {}}}},
)
async def request_object(state: str, requests: Requests) -> Response:
    """The request by reference: an unsigned request object, as the redirect_uri prefix needs."""
    params = (await _live(requests, state))["params"]
    return Response(
        unsigned_request_object(params),
        media_type="application/oauth-authz-req+jwt",
        headers=_NO_STORE,
    )


@router.get(
    "/openid4vp/requests/{state}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def request_qr(state: str, requests: Requests) -> Response:
    """The request link (by value) as a QR code."""
    made = requests.pending(await _live(requests, state))
    return Response(qr_png(made.link_by_value), media_type="image/png", headers=_NO_STORE)


@router.post("/openid4vp/response", name="openid4vp_response")
async def response_endpoint(ctx: Ctx, requests: Requests, request: Request) -> JSONResponse:
    """The response URI (``direct_post``): ``vp_token`` and ``state``, form-encoded."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        refused = Oid4vpError("invalid_request", "the response is form-encoded (direct_post)")
        return JSONResponse(refused.to_json(), status_code=400, headers=_NO_STORE)
    text = (await request.body()).decode("utf-8", "replace")
    try:
        form = dict(parse_qsl(text, max_num_fields=_MAX_FORM_FIELDS, strict_parsing=False))
    except ValueError:
        form = {}
    try:
        body = await accept_response(ctx, requests, form)
    except Oid4vpError as exc:  # the spec's error shape, not a problem document
        return JSONResponse(exc.to_json(), status_code=400, headers=_NO_STORE)
    return JSONResponse(body, headers=_NO_STORE)


@router.get("/openid4vp/transactions/{transaction}")
async def transaction_status(transaction: str, requests: Requests) -> JSONResponse:
    """For the employer's page: ``pending``, ``answered`` with the reports, or ``expired``."""
    status = await requests.status(transaction)
    if status is None:
        raise NotFoundError("no request with that transaction id")
    return JSONResponse(status, headers=_NO_STORE)


async def _report(request: Request, requests: Requests, transaction: str) -> HTMLResponse:
    status = await requests.status(transaction)
    if status is None or status["status"] != "answered":
        label = "not answered yet" if status else "unknown"
        return report_page(request, [], error=f"This request is {label}.", status=404)
    return report_page(request, status["reports"])


@router.get("/openid4vp/transactions/{transaction}/report", include_in_schema=False)
async def transaction_report(
    transaction: str, requests: Requests, request: Request
) -> HTMLResponse:
    """The employer's page with the answer's report."""
    return await _report(request, requests, transaction)


@router.get("/openid4vp/answered", include_in_schema=False)
async def answered(response_code: str, requests: Requests, request: Request) -> HTMLResponse:
    """Where a same-device wallet sends the browser: the report of the answer just accepted."""
    transaction = await requests.transaction_of(response_code)
    return await _report(request, requests, transaction or "")
