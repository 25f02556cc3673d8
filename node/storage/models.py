"""Tables the core owns: the transaction journal and the indexed chain events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "ChainEvent", "ChainEventKey", "IndexerCursor", "TxRecord", "UTCDateTime"]


def _now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC time in a plain ``TIMESTAMP`` column, read back naive as SQLite always gave it.

    Code hands in aware UTC times; PostgreSQL's drivers refuse an aware value for a column
    without time zone, so it is converted to UTC and made naive on the way in.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware times become naive UTC; naive ones are taken as UTC already."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value


class Base(DeclarativeBase):
    """Declarative base of every table in the project."""

    type_annotation_map = {datetime: UTCDateTime}


class TxRecord(Base):
    """A write-ahead record of a signed transaction, so a restart re-sends instead of re-doing."""

    __tablename__ = "tx_journal"
    # not unique: after a reorganisation a nonce may be used again
    __table_args__ = (Index("ix_tx_journal_sender_nonce", "chain_id", "sender", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    sender: Mapped[str] = mapped_column(String(42), index=True)
    nonce: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(String(66), unique=True)
    raw_tx: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(16), index=True)  # sent | mined | failed | dropped
    block_number: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class IndexerCursor(Base):
    """How far an indexer has read, so it resumes where it stopped."""

    __tablename__ = "indexer_cursor"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_hash: Mapped[str] = mapped_column(String(66))


class ChainEvent(Base):
    """One registry event, decoded; ``keys`` make history queries index look-ups."""

    __tablename__ = "chain_event"
    __table_args__ = (UniqueConstraint("tx_hash", "log_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    block_hash: Mapped[str] = mapped_column(String(66))
    tx_hash: Mapped[str] = mapped_column(String(66))
    log_index: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(64), index=True)
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    keys: Mapped[list[ChainEventKey]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class ChainEventKey(Base):
    """A subject of an event — ``credential:0x…``, ``root:0x…``, ``account:0x…`` and so on."""

    __tablename__ = "chain_event_key"
    __table_args__ = (Index("ix_chain_event_key_key", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("chain_event.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    event: Mapped[ChainEvent] = relationship(back_populates="keys")
