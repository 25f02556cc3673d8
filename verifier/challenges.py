"""Challenges: issued fresh, consumed atomically once, refused when expired or reused.

They live in the expiring-token store (``node.tokens``), so every verifier worker sharing the
database honours each challenge once, and each client may ask for only so many per minute.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from node.storage import Database
from node.tokens import Quota, TokenStore

__all__ = ["CHALLENGE_KIND", "ChallengeStore", "IssuedChallenge"]

logger = logging.getLogger(__name__)

CHALLENGE_KIND = "verifier.challenge"


@dataclass(frozen=True, slots=True)
class IssuedChallenge:
    """What the candidate's wallet must bind its presentation to."""

    challenge: str
    domain: str
    expires_at: int


class ChallengeStore:
    """The verifier's challenges for one domain, in the shared token store."""

    def __init__(
        self,
        db: Database,
        domain: str,
        ttl_seconds: int,
        *,
        per_minute: int = 60,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.tokens = TokenStore(db, clock=clock)
        self.domain = domain
        self.ttl_seconds = ttl_seconds
        self.quota = Quota(per_minute, 60)

    async def issue(self, client: str = "") -> IssuedChallenge:
        """A new random challenge for this verifier's domain, within the client's quota."""
        token = await self.tokens.issue(
            CHALLENGE_KIND,
            self.ttl_seconds,
            payload={"domain": self.domain},
            client=client,
            quota=self.quota,
        )
        return IssuedChallenge(token.value, self.domain, int(token.expires_at))

    async def consume(self, challenge: str) -> bool:
        """Mark the challenge used if it is ours, unused and unexpired; one caller ever wins."""
        token = await self.tokens.consume(CHALLENGE_KIND, challenge)
        consumed = token is not None and token.payload.get("domain") == self.domain
        if not consumed:
            logger.info("refused a challenge that is unknown, used, expired or another domain's")
        return consumed
