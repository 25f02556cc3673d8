"""Dependencies of the governance routes: the context and the authenticated operator."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from governance.context import GovernanceContext

__all__ = ["Ctx", "Operator"]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


async def get_ctx(request: Request) -> GovernanceContext:
    """The context the app's lifespan built."""
    ctx: GovernanceContext = request.app.state.ctx
    return ctx


Ctx = Annotated[GovernanceContext, Depends(get_ctx)]


async def operator(
    ctx: Ctx,
    api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str:
    """The member's operator holding the key; every write route needs one.

    The keys are a file read at each check, so the check goes to a thread, said here.
    """
    key = api_key or (bearer.credentials if bearer else None)
    return await asyncio.to_thread(ctx.operators.authenticate, key)


#: The name of the operator acting for this member.
Operator = Annotated[str, Depends(operator)]
