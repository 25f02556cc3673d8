"""Short links to share a presentation: the verifier keeps the package, the link names it.

A package in a link is thousands of characters. The verifier the learner presents to keeps the
package for a while (``POST /shares``) and answers a link of about 60 characters, short enough
for a chat message or a QR code. When that verifier cannot keep it (unreachable, or a verifier
without short links), the whole package goes in the link as before, and the answer says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from node.credentials.packages import package_link

__all__ = ["SharedLink", "share_link"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SharedLink:
    """The link to send, whether it is the short kind, and the whole-package link."""

    link: str
    short: bool
    full_link: str


async def share_link(
    http: httpx.AsyncClient, verifier_url: str, package: dict[str, Any]
) -> SharedLink:
    """A short link from the verifier when it keeps the package, else the whole-package link."""
    full = package_link(verifier_url, package)
    try:
        answer = await http.post(f"{verifier_url.rstrip('/')}/shares", json=package)
    except httpx.HTTPError as exc:
        logger.info("verifier %s keeps no packages (%s); sharing the whole link", verifier_url, exc)
        return SharedLink(full, False, full)
    kept = answer.json() if answer.status_code == 201 else {}
    link = kept.get("link") if isinstance(kept, dict) else None
    if not isinstance(link, str) or not link.startswith(verifier_url.rstrip("/")):
        logger.info("verifier %s answered %d to /shares", verifier_url, answer.status_code)
        return SharedLink(full, False, full)
    return SharedLink(link, True, full)
