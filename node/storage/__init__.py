"""The off-chain store: SQLite by default, PostgreSQL by URL, always through SQLAlchemy."""

from node.storage.db import Database, map_storage_errors
from node.storage.models import Base, ChainEvent, ChainEventKey, IndexerCursor, TxRecord

__all__ = [
    "Base",
    "ChainEvent",
    "ChainEventKey",
    "Database",
    "IndexerCursor",
    "TxRecord",
    "map_storage_errors",
]
