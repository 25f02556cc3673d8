"""The learning account, and redeeming offers into it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Query

from wallet.deps import Ctx, Unlocked
from wallet.offers import parse_offer
from wallet.schemas import OfferRedeem

router = APIRouter(tags=["account"])


@router.get("/account")
async def account(
    session: Unlocked, ctx: Ctx, refresh: bool = Query(default=True)
) -> dict[str, Any]:
    """Credit totals and credentials with their status, re-checked on the chain by default."""
    if refresh:
        await session.wallet.refresh(ctx.checker, ctx.http)
    return session.wallet.account().to_json()


@router.post("/offers/redeem")
async def redeem(body: OfferRedeem, session: Unlocked, ctx: Ctx) -> dict[str, Any]:
    """Redeem an OpenID4VCI offer (with its tx_code if asked); what fails to verify is refused."""
    offer = replace(parse_offer(body.offer, body.issuer_url), tx_code=body.tx_code)
    result = await session.wallet.receive(offer, ctx.checker, ctx.http)
    return {**result.to_json(), "account": session.wallet.account().to_json()}
