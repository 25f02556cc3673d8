"""Short share links: a learner's package kept here under a random id, for a link anyone can send.

A package inside a link is thousands of characters (5,861 for the demo learner): too long for a
chat message, an email or a QR code. The wallet posts the package here instead and shares
``<public URL>/?s=<id>``. The package is kept in the expiring-token store (only the id's digest
is stored with it), for ``share_ttl_seconds``, with a quota per client; opening the link
verifies it like a pasted package, so the challenge inside it still works only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from node.credentials.packages import PACKAGE_TYPE
from node.errors import InputError, NotFoundError
from node.storage import Database
from node.tokens import Quota, TokenStore

__all__ = ["SHARE_KIND", "Share", "ShareStore"]

SHARE_KIND = "verifier.share"


@dataclass(frozen=True, slots=True)
class Share:
    """A kept package: its id, the short link and when it stops working."""

    id: str
    link: str
    expires_at: int


class ShareStore:
    """Packages kept for short links."""

    def __init__(
        self, db: Database, public_url: str, ttl_seconds: int, *, per_minute: int = 30
    ) -> None:
        self.tokens = TokenStore(db)
        self.public_url = public_url.rstrip("/")
        self.ttl_seconds = ttl_seconds
        self.quota = Quota(per_minute, 60)

    def link(self, share_id: str) -> str:
        """The short link that opens a kept package on this verifier's page."""
        return f"{self.public_url}/?s={share_id}"

    async def keep(self, package: object, client: str) -> Share:
        """Keep a presentation package; anything else is refused."""
        if not isinstance(package, dict) or package.get("type") != PACKAGE_TYPE:
            raise InputError(f"only a {PACKAGE_TYPE} package can be shared")
        token = await self.tokens.issue(
            SHARE_KIND,
            self.ttl_seconds,
            payload={"package": package},
            client=client,
            quota=self.quota,
        )
        return Share(token.value, self.link(token.value), int(token.expires_at))

    async def package(self, share_id: str) -> dict[str, Any]:
        """The kept package, or ``NotFoundError`` once it expired (or never was)."""
        token = await self.tokens.peek(SHARE_KIND, share_id)
        if token is None:
            raise NotFoundError("this share link is unknown or has expired; ask for a new one")
        package: dict[str, Any] = token.payload["package"]
        return package
