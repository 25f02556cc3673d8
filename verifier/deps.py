"""Dependencies of the verifier's routes: only the context (verifying needs no account)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from verifier.context import VerifierContext

__all__ = ["Ctx"]


async def get_ctx(request: Request) -> VerifierContext:
    """The context the app's lifespan built."""
    ctx: VerifierContext = request.app.state.ctx
    return ctx


Ctx = Annotated[VerifierContext, Depends(get_ctx)]
