"""History queries over indexed events: index look-ups, never chain scans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from node.storage import ChainEvent, ChainEventKey, Database

__all__ = ["History", "HistoryEntry"]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event as history shows it."""

    name: str
    block_number: int
    tx_hash: str
    log_index: int
    args: dict[str, Any]


class History:
    """Answers 'what happened to X' from the indexed events."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def by_key(self, key: str, *, names: set[str] | None = None) -> list[HistoryEntry]:
        """Every event with subject ``key`` (e.g. ``credential:0x…``), in chain order."""
        query = (
            select(ChainEvent)
            .join(ChainEventKey, ChainEventKey.event_id == ChainEvent.id)
            .where(ChainEventKey.key == key.lower())
            .order_by(ChainEvent.block_number, ChainEvent.log_index)
        )
        if names:
            query = query.where(ChainEvent.name.in_(names))
        async with self.db.session() as session:
            rows = (await session.scalars(query)).all()
        return [HistoryEntry(r.name, r.block_number, r.tx_hash, r.log_index, r.args) for r in rows]

    async def credential(
        self, credential_hash: bytes, root: bytes | None = None
    ) -> list[HistoryEntry]:
        """Everything that happened to one credential, with its batch's anchoring if known."""
        entries = await self.by_key(f"credential:0x{credential_hash.hex()}")
        if root is not None:
            entries = await self.by_key(f"root:0x{root.hex()}", names={"BatchAnchored"}) + entries
        return entries

    async def anchors_of(self, issuer: str) -> list[HistoryEntry]:
        """All batches an issuer anchored."""
        return await self.by_key(f"account:{issuer}", names={"BatchAnchored"})
