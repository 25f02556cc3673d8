"""The issuer's tables: operators, audit, learners, applications, credentials, batches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from node.storage import Base

__all__ = [
    "AnchorBatch",
    "Application",
    "AuditEntry",
    "ConversionApplication",
    "ConversionEvidence",
    "ConversionPresentation",
    "IssuedCredential",
    "Learner",
    "Offer",
    "Operator",
    "OperatorPassword",
    "PublishedProgramme",
    "StatusListCounter",
]


def utcnow() -> datetime:
    """Timestamps are stored in UTC."""
    return datetime.now(UTC)


class Operator(Base):
    """A person or system allowed to act on the issuer, by API key and role."""

    __tablename__ = "issuer_operator"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OperatorPassword(Base):
    """An operator's console password as an argon2id hash (issuer.passwords), never the text.

    A table of its own rather than a column, so that adding it left every operator row of
    earlier databases exactly as it was.
    """

    __tablename__ = "issuer_operator_password"

    operator_id: Mapped[int] = mapped_column(ForeignKey("issuer_operator.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One write, who did it and to what; never updated or deleted."""

    __tablename__ = "issuer_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Learner(Base):
    """A learner known to this issuer (from a roster); personal data stays off chain."""

    __tablename__ = "issuer_learner"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    did: Mapped[str | None] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Application(Base):
    """A request to certify one learning outcome, decided by a reviewer of its field."""

    __tablename__ = "issuer_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_did: Mapped[str] = mapped_column(String(200), index=True)
    standard_code: Mapped[str] = mapped_column(String(60))
    field_code: Mapped[str] = mapped_column(String(60), index=True)
    grade: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    submitted_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column()
    credential_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuedCredential(Base):
    """A signed credential and its state: signed, batched, anchored, revoked or suspended."""

    __tablename__ = "issuer_credential"
    __table_args__ = (Index("ix_issuer_credential_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[str] = mapped_column(String(80), unique=True)
    credential_hash: Mapped[str] = mapped_column(String(66), unique=True)
    learner_did: Mapped[str] = mapped_column(String(200), index=True)
    standard_code: Mapped[str] = mapped_column(String(60), index=True)
    field_bit: Mapped[int] = mapped_column()
    type_bit: Mapped[int] = mapped_column()
    level: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="signed")
    batch_root: Mapped[str | None] = mapped_column(String(66), index=True)
    path: Mapped[list[str] | None] = mapped_column(JSON)
    import_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnchorBatch(Base):
    """A Merkle batch: written before its transaction, so a crash resumes the same root."""

    __tablename__ = "issuer_batch"

    root: Mapped[str] = mapped_column(String(66), primary_key=True)
    count: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="building", index=True)
    tx_hash: Mapped[str | None] = mapped_column(String(66))
    block_number: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Offer(Base):
    """A one-time pre-authorised code: the learner collects credentials with it."""

    __tablename__ = "issuer_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("issuer_learner.id"))
    credential_id: Mapped[str | None] = mapped_column(String(80), index=True)
    expires_at: Mapped[datetime] = mapped_column()
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    nonce: Mapped[str | None] = mapped_column(String(64))
    redeemed_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishedProgramme(Base):
    """A programme version this institution published, with the rule set that converts into it."""

    __tablename__ = "issuer_programme"

    programme_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    programme_version: Mapped[int] = mapped_column(primary_key=True)
    programme_json: Mapped[str] = mapped_column(Text)
    programme_cid: Mapped[str] = mapped_column(String(100))
    rule_set_json: Mapped[str] = mapped_column(Text)
    rule_set_cid: Mapped[str] = mapped_column(String(100))
    rule_set_digest: Mapped[str] = mapped_column(String(66))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversionApplication(Base):
    """A learner's application to convert credentials into a programme, and its decision."""

    __tablename__ = "issuer_conversion"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_did: Mapped[str] = mapped_column(String(200), index=True)
    programme_id: Mapped[str] = mapped_column(String(128), index=True)
    programme_version: Mapped[int] = mapped_column()
    #: the presented credentials and their receipts, as verified
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    proposal: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    officer: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    conversion_id: Mapped[str | None] = mapped_column(String(66), unique=True)
    credential_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversionPresentation(Base):
    """The verified presentation and receipts of an application, as the learner sent them.

    A table beside ``issuer_conversion`` rather than a column, so earlier rows stay as they were.
    """

    __tablename__ = "issuer_conversion_presentation"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("issuer_conversion.id"), primary_key=True
    )
    presentation: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConversionEvidence(Base):
    """What the rules ran on for one conversion, kept off chain; its digest is on chain.

    Written before the chain record (so a record never lacks it) and exported, signed, to an
    auditor. It holds the learner's presentation: personal data that never goes on chain.
    """

    __tablename__ = "issuer_conversion_evidence"

    conversion_id: Mapped[str] = mapped_column(String(66), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("issuer_conversion.id"), index=True)
    #: the entry exactly as hashed (node.audit.EvidenceEntry, camelCase JSON)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    officer: Mapped[str] = mapped_column(String(200))
    evidence_digest: Mapped[str] = mapped_column(String(66))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatusListCounter(Base):
    """The next free status list index of one issuer account (``issuer.status_list``)."""

    __tablename__ = "issuer_status_counter"

    account: Mapped[str] = mapped_column(String(42), primary_key=True)
    next_index: Mapped[int] = mapped_column(BigInteger)
