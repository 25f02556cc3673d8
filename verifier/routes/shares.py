"""Short links for presentation packages (``verifier.shares``): keep, open, withdraw."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response
from fastapi.responses import HTMLResponse

from verifier.deps import Ctx
from verifier.routes.page import kept_page
from verifier.schemas import PackageVerifyRequest, request_body

router = APIRouter(tags=["shares"])


@router.post("/shares", status_code=201, openapi_extra=request_body(PackageVerifyRequest))
async def share(
    ctx: Ctx,
    request: Request,
    body: Annotated[Any, Body()],
    expires_in: int | None = None,
) -> dict[str, str | int]:
    """Keep a package (its challenge is used up now) and answer its short link ``/p/<id>``.

    ``expires_in`` is in seconds (7 days unless given, 90 days at most). The answer's
    ``withdraw_key`` is the only way to end the link early: keep it.
    """
    client = request.client.host if request.client else ""
    kept = await ctx.shares.keep(body, client, expires_in)
    return {
        "id": kept.id,
        "link": kept.link,
        "expires_at": kept.expires_at,
        "withdraw_key": kept.withdraw_key,
    }


@router.delete("/shares/{share_id}", status_code=204)
async def withdraw(
    share_id: str, ctx: Ctx, withdraw_key: Annotated[str, Header(max_length=200)]
) -> Response:
    """End a share now (header ``withdraw-key``); the link then says it was withdrawn."""
    await ctx.shares.withdraw(share_id, withdraw_key)
    return Response(status_code=204)


@router.get("/p/{share_id}", response_class=HTMLResponse, include_in_schema=False)
async def open_share(share_id: str, request: Request, ctx: Ctx) -> HTMLResponse:
    """The report of a kept package, verified afresh now."""
    return await kept_page(request, ctx, share_id)
