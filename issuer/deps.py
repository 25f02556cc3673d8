"""Dependencies of the issuer's routes: the context and the authenticated operator by role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from issuer.auth import FieldScope, Role, authenticate
from issuer.context import IssuerContext
from issuer.models import Operator

__all__ = ["Admin", "AnyOperator", "Ctx", "Deciding", "Issuing", "Reviewing"]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


async def get_ctx(request: Request) -> IssuerContext:
    """The context the app's lifespan built.

    ``async``, as every dependency of the services: FastAPI runs a plain ``def`` dependency in
    its thread pool, a hop that costs far more than the lookup (``tests/unit/test_dependencies``).
    """
    ctx: IssuerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[IssuerContext, Depends(get_ctx)]


def require(*roles: Role) -> Callable[..., Awaitable[Operator]]:
    """A dependency admitting operators whose role is one of ``roles``."""
    allowed = set(roles)

    async def operator(
        ctx: Ctx,
        api_key: Annotated[str | None, Security(_api_key_header)] = None,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    ) -> Operator:
        key = api_key or (bearer.credentials if bearer else None)
        return await authenticate(ctx.ledger.db, key, allowed)

    return operator


Admin = Annotated[Operator, Depends(require(Role.ADMIN))]
Issuing = Annotated[Operator, Depends(require(Role.ADMIN, Role.OPERATOR))]
Reviewing = Annotated[Operator, Depends(require(Role.ADMIN, Role.REVIEWER))]
AnyOperator = Annotated[Operator, Depends(require(Role.ADMIN, Role.OPERATOR, Role.REVIEWER))]


async def _deciding(reviewer: Reviewing) -> FieldScope:
    return FieldScope(reviewer)


#: A reviewer (or administrator) with the fields it may decide in.
Deciding = Annotated[FieldScope, Depends(_deciding)]
