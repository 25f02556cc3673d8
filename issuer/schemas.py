"""Request and response shapes of the issuer API (separate Create and Public models)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from issuer.oid4vci_qr import qr_data_uri

__all__ = [
    "ApplicationCreate",
    "ApplicationDecision",
    "ApplicationPublic",
    "CredentialPublic",
    "EvidenceIn",
    "ImportReport",
    "IssueRequest",
    "IssuedPublic",
    "OfferPublic",
    "RowId",
    "RowProblem",
    "StatusChange",
    "VcApiIssueRequest",
]


#: A row id in a path: ids are 64-bit in SQLite and PostgreSQL, so a larger number names no
#: row and would overflow the driver; refused as input instead.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceIn(_In):
    """Something that supports the outcome: a narrative, a named artefact, a link."""

    id: str | None = Field(default=None, max_length=2000)
    name: str | None = Field(default=None, max_length=500)
    narrative: str | None = Field(default=None, max_length=10_000)


class IssueRequest(_In):
    """Certify one outcome for one learner directly (issuing operators)."""

    learner_did: str = Field(max_length=200)
    standard_code: str = Field(max_length=60)
    grade: str | None = Field(default=None, max_length=40)
    result: str | None = Field(default=None, max_length=100)
    credits_earned: Decimal | None = None
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)
    issued_on: date | None = None


class IssuedPublic(BaseModel):
    """A credential as operators list it."""

    credential_id: str
    credential_hash: str
    learner_did: str
    standard_code: str
    status: str
    batch_root: str | None
    created_at: datetime


class OfferLink(BaseModel):
    """A one-time offer for a learner's wallet (OpenID4VCI pre-authorised code), as a link.

    ``POST /issuance`` answers this without a QR code: drawing one costs more CPU than
    signing the credential (pure-Python qrcode, 100–200 ms here), and a bulk issuer rarely
    shows one. The offer route and the console draw it, off the event loop.
    """

    code: str
    #: the offer by value; ``offer_uri`` is the same offer by reference, when given
    link: str
    expires_at: datetime
    offer_uri: str | None = None
    #: digits the learner types in (given to them apart from the link), when required
    tx_code: str | None = None


class OfferPublic(OfferLink):
    """An offer made to be handed over: its link and the QR code a wallet scans."""

    #: an SVG data URI of the QR code of the shorter link (``offer_uri`` when given)
    qr_code: str

    @classmethod
    async def drawn(cls, offer: OfferLink) -> OfferPublic:
        """The offer with its QR code, drawn in a worker thread so the loop keeps serving."""
        qr = await asyncio.to_thread(qr_data_uri, offer.offer_uri or offer.link)
        return cls(**offer.model_dump(), qr_code=qr)


class CredentialPublic(BaseModel):
    """A credential with its anchor receipt (null until its batch is anchored)."""

    credential_id: str
    status: str
    credential: dict[str, Any]
    receipt: dict[str, Any] | None


class VcApiIssueRequest(_In):
    """W3C VC-API ``POST /credentials/issue`` body."""

    credential: dict[str, Any]
    options: dict[str, Any] = Field(default_factory=dict)


class StatusChange(_In):
    """Revoke, suspend or reinstate, with a reason code."""

    reason: int = Field(default=0, ge=0, le=255)
    note: str | None = Field(default=None, max_length=1000)


class ApplicationCreate(_In):
    """A request to certify an outcome; a learner proves the DID with a presentation."""

    learner_did: str = Field(max_length=200)
    standard_code: str = Field(max_length=60)
    grade: str | None = Field(default=None, max_length=40)
    result: str | None = Field(default=None, max_length=100)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)
    presentation: dict[str, Any] | None = None


class ApplicationDecision(_In):
    """A reviewer's verdict."""

    decision: Literal["approve", "reject"]
    comment: str = Field(min_length=1, max_length=5000)
    credits_earned: Decimal | None = None


class ApplicationPublic(BaseModel):
    """An application as reviewers see it."""

    id: int
    learner_did: str
    standard_code: str
    field_code: str
    grade: str | None
    result: str | None
    status: str
    submitted_by: str
    reviewer: str | None
    comment: str | None
    credential_id: str | None
    created_at: datetime


class RowProblem(BaseModel):
    """A CSV line that was not accepted, and why."""

    line: int
    reason: str
    code: str


class ImportReport(BaseModel):
    """What a CSV import did, line by line."""

    rows: int
    accepted: int
    skipped_duplicates: int
    problems: list[RowProblem]
    offers: list[dict[str, Any]] = Field(default_factory=list)
