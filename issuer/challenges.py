"""The issuer's one-time challenges, in the expiring-token store so every worker shares them."""

from __future__ import annotations

from fastapi import Request

from issuer.context import IssuerContext
from node.tokens import Quota

__all__ = ["CHALLENGE_KIND", "CHALLENGE_TTL_SECONDS", "consume_challenge", "new_challenge"]

CHALLENGE_KIND = "issuer.challenge"
CHALLENGE_TTL_SECONDS = 600.0


def client_of(request: Request) -> str:
    """Who asks, for quotas: the peer address (loopback behind a local proxy)."""
    return request.client.host if request.client else ""


async def new_challenge(ctx: IssuerContext, client: str) -> dict[str, str]:
    """A challenge for a learner's presentation, within the client's quota per minute."""
    quota = Quota(ctx.settings.challenges_per_minute, 60)
    token = await ctx.tokens.issue(
        CHALLENGE_KIND, CHALLENGE_TTL_SECONDS, client=client, quota=quota
    )
    return {"challenge": token.value, "domain": ctx.settings.issuer_public_url}


async def consume_challenge(ctx: IssuerContext, value: str) -> bool:
    """Use a challenge once; False when it is unknown, used or expired."""
    return await ctx.tokens.consume(CHALLENGE_KIND, value) is not None
