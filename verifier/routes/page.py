"""The employer's web page: paste or upload a package, or open a shared link, see the report."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from node import jsonlimits
from node.credentials.packages import decode_package_param
from node.errors import InputError, JsonTooDeepError, NotFoundError
from verifier.checking import verify_package
from verifier.context import VerifierContext
from verifier.deps import Ctx
from verifier.page import render_page

router = APIRouter(include_in_schema=False)

#: Nothing but this origin: no external assets, no inline scripts, no framing.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _page(request: Request, status: int = 200, **content: Any) -> HTMLResponse:
    html = render_page(
        css_url=str(request.url_for("static", path="verifier.css")),
        js_url=str(request.url_for("static", path="verifier.js")),
        form_url=str(request.url_for("verify_page")),
        challenges_url=str(request.url_for("new_challenge")),
        oid4vp_js_url=str(request.url_for("static", path="openid4vp.js")),
        oid4vp_url=str(request.url_for("create_request")),
        **content,
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def report_page(
    request: Request, reports: list[dict[str, Any]], *, error: str = "", status: int = 200
) -> HTMLResponse:
    """The page with the reports of an OpenID4VP answer (or why there is none)."""
    return _page(request, status, reports=reports, error=error or None)


async def _verified(request: Request, ctx: VerifierContext, text: str) -> HTMLResponse:
    """Parse pasted or linked JSON and render its report (or why it cannot be read)."""
    try:
        package = jsonlimits.loads(text)
    except JsonTooDeepError as exc:
        return _page(request, 400, error=str(exc).capitalize() + ".")
    except InputError:
        return _page(request, 400, package_text=text, error="That is not valid JSON.")
    report = await verify_package(ctx, package)
    return _page(request, package_text=text, report=report.to_json())


async def kept_page(request: Request, ctx: VerifierContext, share_id: str) -> HTMLResponse:
    """A kept package (``/p/<id>``) verified afresh; its challenge was settled when shared."""
    try:
        kept = await ctx.shares.kept(share_id)
    except NotFoundError as exc:
        return _page(request, 404, error=str(exc).capitalize() + ".")

    async def answered_when_shared(challenge: str) -> bool:
        return challenge == kept.challenge

    report = await verify_package(ctx, kept.package, challenge_valid=answered_when_shared)
    text = json.dumps(kept.package, indent=1)
    return _page(request, package_text=text, report=report.to_json())


@router.get("/", name="page")
async def page(request: Request, ctx: Ctx, package: str | None = None) -> HTMLResponse:
    """The page; with ``?package=`` (a whole-package link) it verifies that package at once."""
    if package is None:
        return _page(request)
    try:
        decoded = decode_package_param(package)
    except InputError as exc:
        return _page(request, 400, error=str(exc).capitalize() + ".")
    return await _verified(request, ctx, json.dumps(decoded, indent=1))


@router.post("/", name="verify_page")
async def verify_page(request: Request, ctx: Ctx) -> HTMLResponse:
    """The form's submission (URL-encoded, read here: no multipart dependency needed)."""
    try:
        fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:  # more fields than the form has
        return _page(request, 400, error="The form was sent with too many fields.")
    return await _verified(request, ctx, (fields.get("package") or [""])[0])
