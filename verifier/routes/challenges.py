"""Fresh challenges for candidates' presentations."""

from __future__ import annotations

from fastapi import APIRouter

from verifier.deps import Ctx
from verifier.schemas import ChallengePublic

router = APIRouter(tags=["challenges"])


@router.post("/challenges", status_code=201)
async def new_challenge(ctx: Ctx) -> ChallengePublic:
    """A challenge and domain for the candidate's wallet; it verifies one presentation once."""
    issued = await ctx.challenges.issue()
    return ChallengePublic(
        challenge=issued.challenge, domain=issued.domain, expires_at=issued.expires_at
    )
