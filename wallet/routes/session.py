"""Create, unlock, lock and restore: the passphrase turns into an in-memory session token."""

from __future__ import annotations

import json
import math

from fastapi import APIRouter, Response

from node.errors import RateLimitedError
from node.keystore import WrongPassphraseError
from wallet.deps import Ctx, Token, Unlocked
from wallet.schemas import RestoreRequest, UnlockRequest
from wallet.schemas import Unlocked as UnlockedPublic
from wallet.wallet import Wallet

router = APIRouter(tags=["wallet"])

UNLOCK_KIND = "wallet.unlock"


def _session(ctx: Ctx, wallet: Wallet) -> UnlockedPublic:
    token = ctx.sessions.start(wallet)
    return UnlockedPublic(
        name=wallet.name, did=wallet.did, token=token, expires_in=ctx.sessions.ttl
    )


@router.post("/wallet", status_code=201)
async def create_wallet(body: UnlockRequest, ctx: Ctx) -> UnlockedPublic:
    """Make a did:key and an empty encrypted wallet; the answer is already unlocked."""
    name = body.name or ctx.settings.wallet_name
    return _session(ctx, await Wallet.create(ctx.store, name, body.passphrase))


@router.post("/wallet/unlock")
async def unlock(body: UnlockRequest, ctx: Ctx) -> UnlockedPublic:
    """Open the wallet with its passphrase (401 WRONG_PASSPHRASE otherwise).

    After a few wrong passphrases each further one doubles the wait for this wallet
    (429 RATE_LIMITED with ``retry_after``), in every process that shares the database.
    """
    name = body.name or ctx.settings.wallet_name
    wait = await ctx.tokens.wait_seconds(UNLOCK_KIND, name, ctx.unlock_backoff)
    if wait > 0:
        seconds = math.ceil(wait)
        raise RateLimitedError(
            f"too many wrong passphrases for this wallet; try again in {seconds} s",
            retry_after=seconds,
        )
    try:
        wallet = await Wallet.open(ctx.store, name, body.passphrase)
    except WrongPassphraseError:
        await ctx.tokens.record_failure(UNLOCK_KIND, name, ctx.unlock_backoff)
        raise
    await ctx.tokens.clear(UNLOCK_KIND, name)
    return _session(ctx, wallet)


@router.post("/wallet/lock", status_code=204)
async def lock(_session_: Unlocked, ctx: Ctx, token: Token) -> Response:
    """End this session: the decrypted wallet leaves memory."""
    if token:
        ctx.sessions.end(token)
    return Response(status_code=204)


@router.post("/restore", status_code=201)
async def restore(body: RestoreRequest, ctx: Ctx) -> UnlockedPublic:
    """Restore a backup as a wallet of this service (never over an existing one)."""
    name = body.name or ctx.settings.wallet_name
    backup = json.dumps(body.backup).encode()
    return _session(ctx, await Wallet.restore(ctx.store, name, backup, body.passphrase))
