"""Short share links: a learner's package kept here under a random id, for a link anyone can send.

A package inside a link is thousands of characters (5,861 for the demo learner): too long for a
chat message, an email or a QR code. The wallet posts the package here instead and shares
``<public URL>/p/<id>``, with an expiry it chooses (7 days unless it says otherwise, 90 at
most) and a withdrawal key only it receives.

The package is kept exactly as the learner signed it, in the expiring-token store, and it is
verified afresh on every visit: signatures, anchors, accreditation and revocation as they are
now. Only its one-time challenge is settled once, when the package is shared: it must be one
this verifier issued and nobody used, and it is used up then. Every later visit accepts that
challenge for this share alone, so the link can be opened again without being replayable
anywhere else.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from node.credentials.packages import PACKAGE_TYPE
from node.errors import AuthError, InputError, NotFoundError
from node.storage import Database
from node.tokens import Quota, TokenStore
from verifier.challenges import ChallengeStore

__all__ = ["MAX_SHARE_SECONDS", "SHARE_KIND", "KeptShare", "Share", "ShareStore"]

SHARE_KIND = "verifier.share"
MAX_SHARE_SECONDS = 90 * 86_400


@dataclass(frozen=True, slots=True)
class Share:
    """A package just kept: its id, the short link, when it stops working, how to withdraw it."""

    id: str
    link: str
    expires_at: int
    withdraw_key: str


@dataclass(frozen=True, slots=True)
class KeptShare:
    """A kept package and the challenge it answered when it was shared."""

    package: dict[str, Any]
    challenge: str


class ShareStore:
    """Packages kept for short links."""

    def __init__(
        self,
        db: Database,
        public_url: str,
        default_seconds: int,
        challenges: ChallengeStore,
        *,
        per_minute: int = 30,
    ) -> None:
        self.tokens = TokenStore(db)
        self.public_url = public_url.rstrip("/")
        self.default_seconds = default_seconds
        self.challenges = challenges
        self.quota = Quota(per_minute, 60)

    def link(self, share_id: str) -> str:
        """The short link that opens a kept package on this verifier's page."""
        return f"{self.public_url}/p/{share_id}"

    async def keep(self, package: object, client: str, seconds: int | None = None) -> Share:
        """Keep a presentation package whose challenge this verifier issued and nobody used."""
        if not isinstance(package, dict) or package.get("type") != PACKAGE_TYPE:
            raise InputError(f"only a {PACKAGE_TYPE} package can be shared")
        ttl = seconds or self.default_seconds
        if not 60 <= ttl <= MAX_SHARE_SECONDS:
            raise InputError(f"a share lasts from 60 seconds to {MAX_SHARE_SECONDS} seconds")
        challenge = package.get("challenge")
        if not isinstance(challenge, str):
            raise self._unanswered()
        withdraw_key = secrets.token_urlsafe(24)
        # the quota first: a share refused for it leaves the challenge unused, so the wallet's
        # fallback (the package in the link itself) still verifies
        token = await self.tokens.issue(
            SHARE_KIND,
            ttl,
            payload={"package": package, "challenge": challenge, "withdraw": withdraw_key},
            client=client,
            quota=self.quota,
        )
        if not await self.challenges.consume(challenge):
            await self.tokens.revoke(SHARE_KIND, token.value)
            raise self._unanswered()
        return Share(token.value, self.link(token.value), int(token.expires_at), withdraw_key)

    @staticmethod
    def _unanswered() -> AuthError:
        return AuthError(
            "the package does not answer an unused challenge of this verifier; "
            "ask this verifier for a challenge (POST /challenges) and present again"
        )

    async def kept(self, share_id: str) -> KeptShare:
        """The kept package; a clear ``NotFoundError`` when withdrawn, expired or unknown."""
        token = await self.tokens.peek(SHARE_KIND, share_id)
        if token is None:
            state = await self.tokens.state(SHARE_KIND, share_id)
            raise NotFoundError(
                "the learner withdrew this link"
                if state == "consumed"
                else "this link has expired; ask the learner for a new one"
                if state == "expired"
                else "there is no such link; check that it was copied whole"
            )
        return KeptShare(token.payload["package"], token.payload["challenge"])

    async def withdraw(self, share_id: str, withdraw_key: str) -> None:
        """End a share now; only the holder of its withdrawal key may."""
        token = await self.tokens.peek(SHARE_KIND, share_id)
        if token is None:
            await self.kept(share_id)  # raises the reason
            return
        if not secrets.compare_digest(str(token.payload.get("withdraw", "")), withdraw_key):
            raise AuthError("that is not this link's withdrawal key")
        await self.tokens.consume(SHARE_KIND, share_id)
