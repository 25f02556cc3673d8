"""Request and response shapes of the wallet API."""

from __future__ import annotations

import re
from typing import Annotated, Any

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "HttpUrl",
    "OfferRedeem",
    "PresentationCreate",
    "PresentationPublic",
    "RestoreRequest",
    "UnlockRequest",
    "Unlocked",
]

_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"


#: An (IDNA-encoded) host name or an IP address (httpx gives IPv6 hosts without brackets).
_HOST = re.compile(
    r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?|[0-9a-f:.]+"
)


def http_url(value: str) -> str:
    """An absolute http(s) URL with a host, as the wallet will fetch it; anything else is input.

    Parsed with httpx, the client that fetches it, so what passes here is what it can send.
    """
    text = value.strip()
    try:
        url = httpx.URL(text)
        port = url.port
    except (httpx.InvalidURL, ValueError) as exc:
        raise ValueError(f"not a URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("must be an absolute http:// or https:// URL with a host")
    if not _HOST.fullmatch(url.raw_host.decode("ascii", "replace").lower()) or (
        port is not None and not 0 < port < 65536
    ):
        raise ValueError(f"not a valid host and port: {url.netloc.decode(errors='replace')!r}")
    return text


#: A URL the wallet fetches (an issuer, a college, a catalog): checked before any request.
HttpUrl = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(http_url)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnlockRequest(_In):
    """The passphrase (and which wallet, if not the default)."""

    passphrase: str = Field(min_length=1, max_length=1024)
    name: str | None = Field(default=None, pattern=_NAME)


class Unlocked(BaseModel):
    """A session: send ``token`` as ``Authorization: Bearer`` on every later call."""

    name: str
    did: str
    token: str
    expires_in: int


class OfferRedeem(_In):
    """An ``openid-credential-offer://`` link, or a bare code with the issuer's URL."""

    offer: str = Field(min_length=1, max_length=20_000)
    issuer_url: HttpUrl | None = None
    #: the transaction code the issuer gave apart from the link, when the offer asks for one
    tx_code: str | None = Field(default=None, min_length=1, max_length=64)


class PresentationCreate(_In):
    """What the verifier asked (challenge, domain) and what the learner chose to show."""

    challenge: str = Field(min_length=1, max_length=500)
    domain: str = Field(min_length=1, max_length=2000)
    credential_ids: list[str] = Field(min_length=1, max_length=100)
    verifier_url: str | None = Field(default=None, max_length=2000)
    #: how long the verifier keeps the package behind the short link
    share_days: int = Field(default=7, ge=1, le=90)


class PresentationPublic(BaseModel):
    """The package, a link that opens it on the verifier's page, and where its QR code is."""

    id: str
    package: dict[str, Any]
    #: the link to send: short (``/p/<id>``) when the verifier keeps the package
    link: str
    short_link: bool
    #: the whole package in a link, which works with any verifier page
    full_link: str
    #: when the short link stops working (Unix seconds), if it is the short kind
    expires_at: int | None = None
    qr_url: str


class RestoreRequest(_In):
    """A backup file's JSON and the passphrase it was made under."""

    passphrase: str = Field(min_length=1, max_length=1024)
    name: str | None = Field(default=None, pattern=_NAME)
    backup: dict[str, Any]


class ConversionApply(_In):
    """Apply to a college's programme with the chosen credentials."""

    institution_url: HttpUrl
    programme_id: str = Field(min_length=1, max_length=128)
    credential_ids: list[str] = Field(min_length=1, max_length=100)


class PlanRequest(_In):
    """Plan a programme: the college's rules, and the catalogs to look for missing outcomes in."""

    institution_url: HttpUrl
    programme_id: str = Field(min_length=1, max_length=128)
    catalog_urls: list[HttpUrl] = Field(default_factory=list, max_length=20)
