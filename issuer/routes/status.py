"""Status list credentials: how verifiers outside the consortium learn of a revocation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from issuer.deps import Ctx

router = APIRouter(tags=["status"])


@router.get("/status/{purpose}")
async def status_list(purpose: str, ctx: Ctx) -> JSONResponse:
    """The signed ``BitstringStatusListCredential`` of ``revocation`` or ``suspension``.

    Built from this issuer account's bits on chain (the source of truth) and refreshed every
    minute; anyone may read it.
    """
    credential: dict[str, Any] = await ctx.status_lists.credential(purpose)
    return JSONResponse(
        credential,
        media_type="application/vc+ld+json",
        headers={"Cache-Control": "public, max-age=60"},
    )
