"""Validator votes on the member's own consortium node (Clique)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter

from governance.deps import Ctx, Operator
from governance.schemas import ValidatorVote

router = APIRouter(tags=["validators"])
logger = logging.getLogger(__name__)


@router.get("/validators")
async def validators(ctx: Ctx) -> dict[str, Any]:
    """The validators the member's node counts."""
    return {"node": ctx.validators.node_url, "validators": await ctx.validators.signers()}


@router.post("/validators", status_code=201)
async def vote(ctx: Ctx, operator: Operator, body: ValidatorVote) -> dict[str, Any]:
    """Vote a validator in or out on the member's node."""
    logger.info("operator %s votes %s %s", operator, "in" if body.add else "out", body.address)
    return {"words": await ctx.validators.vote(body.address, body.add)}
