"""Challenges: issued fresh, consumed atomically once, refused when expired or reused."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, update

from node.storage import Database
from verifier.models import VerifierChallenge

__all__ = ["ChallengeStore", "IssuedChallenge"]

logger = logging.getLogger(__name__)

#: Longest challenge text accepted for lookup; longer ones were never issued here.
_MAX_LENGTH = 64


@dataclass(frozen=True, slots=True)
class IssuedChallenge:
    """What the candidate's wallet must bind its presentation to."""

    challenge: str
    domain: str
    expires_at: int


class ChallengeStore:
    """The verifier's record of challenges, in its database."""

    def __init__(
        self,
        db: Database,
        domain: str,
        ttl_seconds: int,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.domain = domain
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    async def issue(self) -> IssuedChallenge:
        """A new random challenge for this verifier's domain; expired ones are swept."""
        now = int(self.clock())
        issued = IssuedChallenge(secrets.token_urlsafe(24), self.domain, now + self.ttl_seconds)
        async with self.db.session() as session:
            await session.execute(
                delete(VerifierChallenge).where(VerifierChallenge.expires_at < now - 86_400)
            )
            session.add(
                VerifierChallenge(
                    challenge=issued.challenge,
                    domain=issued.domain,
                    expires_at=issued.expires_at,
                    created_at=now,
                )
            )
        return issued

    async def consume(self, challenge: str) -> bool:
        """Mark the challenge used if it is ours, unused and unexpired; one caller ever wins."""
        if not challenge or len(challenge) > _MAX_LENGTH:
            return False
        now = int(self.clock())
        async with self.db.session() as session:
            result = await session.execute(
                update(VerifierChallenge)
                .where(
                    VerifierChallenge.challenge == challenge,
                    VerifierChallenge.domain == self.domain,
                    VerifierChallenge.used_at.is_(None),
                    VerifierChallenge.expires_at >= now,
                )
                .values(used_at=now)
            )
        consumed = getattr(result, "rowcount", 0) == 1
        if not consumed:
            logger.info("refused a challenge that is unknown, used or expired")
        return consumed
