"""Conversion from the learner's side: apply to a programme, and plan what is still missing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from wallet.conversion import apply_for_conversion, plan_programme
from wallet.deps import Ctx, Unlocked
from wallet.schemas import ConversionApply, PlanRequest

router = APIRouter(tags=["conversion"])


@router.post("/conversions/apply", status_code=201)
async def apply(body: ConversionApply, session: Unlocked, ctx: Ctx) -> dict[str, Any]:
    """Present the chosen credentials to the college; its proposed decision comes back."""
    return await apply_for_conversion(
        session.wallet, ctx.http, body.institution_url, body.programme_id, body.credential_ids
    )


@router.post("/plan")
async def plan(body: PlanRequest, session: Unlocked, ctx: Ctx) -> dict[str, Any]:
    """What the wallet's credentials cover in the programme, what remains, what would cover it."""
    catalogs = body.catalog_urls or [body.institution_url]
    result = await plan_programme(
        session.wallet, ctx.http, body.institution_url, body.programme_id, catalogs
    )
    return result.to_json()
