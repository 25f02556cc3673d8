"""Fresh challenges for candidates' presentations."""

from __future__ import annotations

from fastapi import APIRouter, Request

from verifier.deps import Ctx
from verifier.schemas import ChallengePublic

router = APIRouter(tags=["challenges"])


@router.post("/challenges", status_code=201)
async def new_challenge(ctx: Ctx, request: Request) -> ChallengePublic:
    """A challenge and domain for the candidate's wallet; it verifies one presentation once.

    Each client may ask for ``CREDITBANK_CHALLENGES_PER_MINUTE`` (429 RATE_LIMITED beyond).
    """
    client = request.client.host if request.client else ""
    issued = await ctx.challenges.issue(client)
    return ChallengePublic(
        challenge=issued.challenge, domain=issued.domain, expires_at=issued.expires_at
    )
