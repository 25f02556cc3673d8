"""Request and response shapes of the wallet API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "OfferRedeem",
    "PresentationCreate",
    "PresentationPublic",
    "RestoreRequest",
    "UnlockRequest",
    "Unlocked",
]

_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"


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
    issuer_url: str | None = Field(default=None, max_length=2000)


class PresentationCreate(_In):
    """What the verifier asked (challenge, domain) and what the learner chose to show."""

    challenge: str = Field(min_length=1, max_length=500)
    domain: str = Field(min_length=1, max_length=2000)
    credential_ids: list[str] = Field(min_length=1, max_length=100)
    verifier_url: str | None = Field(default=None, max_length=2000)


class PresentationPublic(BaseModel):
    """The package, a link that opens it on the verifier's page, and where its QR code is."""

    id: str
    package: dict[str, Any]
    link: str
    qr_url: str


class RestoreRequest(_In):
    """A backup file's JSON and the passphrase it was made under."""

    passphrase: str = Field(min_length=1, max_length=1024)
    name: str | None = Field(default=None, pattern=_NAME)
    backup: dict[str, Any]


class ConversionApply(_In):
    """Apply to a college's programme with the chosen credentials."""

    institution_url: str = Field(min_length=1, max_length=500)
    programme_id: str = Field(min_length=1, max_length=128)
    credential_ids: list[str] = Field(min_length=1, max_length=100)


class PlanRequest(_In):
    """Plan a programme: the college's rules, and the catalogs to look for missing outcomes in."""

    institution_url: str = Field(min_length=1, max_length=500)
    programme_id: str = Field(min_length=1, max_length=128)
    catalog_urls: list[str] = Field(default_factory=list, max_length=20)
