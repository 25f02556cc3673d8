"""Dependencies of the governance routes: the context and the authenticated operator."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from governance.context import GovernanceContext

__all__ = ["Ctx", "Operator"]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


def get_ctx(request: Request) -> GovernanceContext:
    """The context the app's lifespan built."""
    ctx: GovernanceContext = request.app.state.ctx
    return ctx


Ctx = Annotated[GovernanceContext, Depends(get_ctx)]


def operator(
    ctx: Ctx,
    api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str:
    """The member's operator holding the key; every write route needs one."""
    return ctx.operators.authenticate(api_key or (bearer.credentials if bearer else None))


#: The name of the operator acting for this member.
Operator = Annotated[str, Depends(operator)]
