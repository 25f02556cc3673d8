"""Dependencies of the wallet's routes: the context and the unlocked session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wallet.context import WalletContext
from wallet.sessions import Session

__all__ = ["Ctx", "Token", "Unlocked"]

_bearer = HTTPBearer(auto_error=False)


async def get_ctx(request: Request) -> WalletContext:
    """The context the app's lifespan built."""
    ctx: WalletContext = request.app.state.ctx
    return ctx


Ctx = Annotated[WalletContext, Depends(get_ctx)]


async def get_token(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str | None:
    """The session token the unlock answer gave."""
    return bearer.credentials if bearer else None


Token = Annotated[str | None, Depends(get_token)]


async def get_session(ctx: Ctx, token: Token) -> Session:
    """The unlocked wallet of this request, or 401 WALLET_LOCKED.

    On the event loop, with every other use of the sessions: a ``def`` dependency would run in
    FastAPI's thread pool, where expiring sessions could race the loop's unlocks.
    """
    return ctx.sessions.get(token)


Unlocked = Annotated[Session, Depends(get_session)]
