"""Writes: every route names its operator, and refusals come back in words before any send."""

from __future__ import annotations

import logging
from typing import Any, Literal

from fastapi import APIRouter

from governance.deps import Ctx, Operator
from governance.desk import Accreditation
from governance.schemas import AccreditationCreate, GovernorCreate, QuorumChange, RejectionCreate

router = APIRouter(tags=["actions"])
logger = logging.getLogger(__name__)


@router.post("/proposals/accreditations", status_code=201)
async def propose_accreditation(
    ctx: Ctx, operator: Operator, body: AccreditationCreate
) -> dict[str, Any]:
    """Accredit a centre: a proposal for a governor, a direct accreditation for a branch."""
    desk = await ctx.desk()
    valid_from, valid_until = body.window()
    request = Accreditation(
        body.account, body.did, body.scope(desk.framework), valid_from, valid_until, body.branch
    )
    logger.info("operator %s proposes accrediting %s", operator, body.account)
    return (await desk.propose_accreditation(request)).to_json()


@router.post("/proposals/{proposal_id}/approve")
async def approve(ctx: Ctx, operator: Operator, proposal_id: int) -> dict[str, Any]:
    """Approve with this member's key; the approval meeting the quorum carries it out."""
    logger.info("operator %s approves proposal %d", operator, proposal_id)
    return (await (await ctx.desk()).approve(proposal_id)).to_json()


@router.post("/proposals/{proposal_id}/reject")
async def reject(
    ctx: Ctx, operator: Operator, proposal_id: int, body: RejectionCreate
) -> dict[str, Any]:
    """Record this member's no, with its reason (the registry has no veto)."""
    return (await (await ctx.desk()).reject(proposal_id, operator, body.reason)).to_json()


@router.post("/accreditations/{account}/{change}", status_code=201)
async def change_status(
    ctx: Ctx,
    operator: Operator,
    account: str,
    change: Literal["suspend", "reinstate", "withdraw"],
) -> dict[str, Any]:
    """Suspend, reinstate or withdraw an accreditation (a proposal, or a branch's own act)."""
    logger.info("operator %s: %s %s", operator, change, account)
    return (await (await ctx.desk()).change_status(account, change)).to_json()


@router.post("/governors", status_code=201)
async def add_governor(ctx: Ctx, operator: Operator, body: GovernorCreate) -> dict[str, Any]:
    """Propose a new governor."""
    logger.info("operator %s proposes governor %s", operator, body.account)
    return (await (await ctx.desk()).add_governor(body.account)).to_json()


@router.delete("/governors/{account}")
async def remove_governor(ctx: Ctx, operator: Operator, account: str) -> dict[str, Any]:
    """Propose removing a governor."""
    logger.info("operator %s proposes removing governor %s", operator, account)
    return (await (await ctx.desk()).remove_governor(account)).to_json()


@router.post("/quorum", status_code=201)
async def set_quorum(ctx: Ctx, operator: Operator, body: QuorumChange) -> dict[str, Any]:
    """Propose a new quorum."""
    logger.info("operator %s proposes quorum %d", operator, body.quorum)
    return (await (await ctx.desk()).set_quorum(body.quorum)).to_json()
