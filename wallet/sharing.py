"""Short links to share a presentation: the verifier keeps the package, the link names it.

A package in a link is thousands of characters. The verifier the learner presents to keeps the
package for the days the learner chooses (``POST /shares``) and answers a link of about 60
characters, short enough for a chat message or a QR code, plus a key to withdraw it early.
When that verifier cannot keep it (unreachable, or a verifier without short links), the whole
package goes in the link as before, and the answer says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from node.credentials.packages import package_link
from wallet.errors import VerifierExchangeError

__all__ = ["SharedLink", "share_link", "withdraw_share"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SharedLink:
    """The link to send, the whole-package link, and how to withdraw a short one."""

    link: str
    full_link: str
    share_id: str | None = None
    withdraw_key: str | None = None
    expires_at: int | None = None

    @property
    def short(self) -> bool:
        """Whether the verifier keeps the package (the link is the short kind)."""
        return self.share_id is not None


async def share_link(
    http: httpx.AsyncClient, verifier_url: str, package: dict[str, Any], days: int = 7
) -> SharedLink:
    """A short link from the verifier when it keeps the package, else the whole-package link."""
    base = verifier_url.rstrip("/")
    full = package_link(base, package)
    try:
        answer = await http.post(
            f"{base}/shares", json=package, params={"expires_in": days * 86_400}
        )
    except httpx.HTTPError as exc:
        logger.info("verifier %s keeps no packages (%s); sharing the whole link", base, exc)
        return SharedLink(full, full)
    kept = answer.json() if answer.status_code == 201 else {}
    link = kept.get("link") if isinstance(kept, dict) else None
    if not isinstance(link, str) or not link.startswith(base):
        logger.info("verifier %s answered %d to /shares", base, answer.status_code)
        return SharedLink(full, full)
    return SharedLink(
        link, full, str(kept["id"]), str(kept["withdraw_key"]), int(kept["expires_at"])
    )


async def withdraw_share(
    http: httpx.AsyncClient, verifier_url: str, share_id: str, withdraw_key: str
) -> None:
    """Ask the verifier to end a share now."""
    try:
        answer = await http.delete(
            f"{verifier_url.rstrip('/')}/shares/{share_id}",
            headers={"withdraw-key": withdraw_key},
        )
    except httpx.HTTPError as exc:
        raise VerifierExchangeError(f"the verifier could not be reached: {exc}") from exc
    if answer.status_code != 204:
        raise VerifierExchangeError(
            f"the verifier refused to withdraw the link ({answer.status_code})"
        )
