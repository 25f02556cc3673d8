"""Reads anyone may make: the member, governors, accreditations and proposals, in words."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from governance.deps import Ctx

router = APIRouter(tags=["board"])


@router.get("/members")
async def members(ctx: Ctx) -> dict[str, Any]:
    """This member's account and role, the governors and the quorum."""
    desk = await ctx.desk()
    return {
        "member": ctx.account.address,
        "role": await desk.board.member_role(),
        "governors": await desk.board.governors(),
        "quorum": await ctx.ledger.registry.quorum(),
    }


@router.get("/accreditations")
async def accreditations(ctx: Ctx) -> list[dict[str, Any]]:
    """Every accredited account's latest entry: status, role, scope and window in words."""
    desk = await ctx.desk()
    return [a.to_json() for a in await desk.board.accreditations()]


@router.get("/proposals")
async def proposals(ctx: Ctx, pending: bool = False) -> list[dict[str, Any]]:
    """Proposals, newest first (``?pending=true``: only those still gathering approvals)."""
    desk = await ctx.desk()
    return [p.to_json() for p in await desk.board.proposals(pending_only=pending)]


@router.get("/proposals/{proposal_id}")
async def proposal(ctx: Ctx, proposal_id: int) -> dict[str, Any]:
    """One proposal: what it does, who approved, who rejected, what is still needed."""
    desk = await ctx.desk()
    return (await desk.board.proposal(proposal_id)).to_json()
