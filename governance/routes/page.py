"""The members' web page: server-rendered, one same-origin script, nothing else allowed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from governance.deps import Ctx
from governance.page import render_page

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


@router.get("/", name="page")
async def page(request: Request, ctx: Ctx) -> HTMLResponse:
    """Members, accreditations with scope and window, pending proposals to approve or reject."""
    desk = await ctx.desk()
    board = desk.board
    member = {
        "member": ctx.account.address,
        "role": await board.member_role(),
        "governors": await board.governors(),
        "quorum": await ctx.ledger.registry.quorum(),
    }
    html = render_page(
        css_url=str(request.url_for("static", path="governance.css")),
        js_url=str(request.url_for("static", path="governance.js")),
        api_base=str(request.url_for("page")).rstrip("/"),
        member=member,
        accreditations=await board.accreditations(),
        proposals=await board.proposals(pending_only=True),
    )
    return HTMLResponse(html, headers=_HEADERS)
