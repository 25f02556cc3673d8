"""Short links for presentation packages (``verifier.shares``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request

from verifier.deps import Ctx
from verifier.schemas import PackageVerifyRequest, request_body

router = APIRouter(tags=["shares"])


@router.post("/shares", status_code=201, openapi_extra=request_body(PackageVerifyRequest))
async def share(ctx: Ctx, request: Request, body: Annotated[Any, Body()]) -> dict[str, str | int]:
    """Keep a presentation package and answer its short link (``/?s=<id>``)."""
    client = request.client.host if request.client else ""
    kept = await ctx.shares.keep(body, client)
    return {"id": kept.id, "link": kept.link, "expires_at": kept.expires_at}
