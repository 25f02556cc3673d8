"""The off-chain store: SQLite by default, PostgreSQL by URL, always through SQLAlchemy."""

from node.storage.db import Database, map_storage_errors
from node.storage.errors import DatabaseUnavailableError, SchemaAheadError, SchemaBehindError
from node.storage.migrate import ensure_schema, upgrade
from node.storage.models import Base, ChainEvent, ChainEventKey, IndexerCursor, TxRecord

__all__ = [
    "Base",
    "ChainEvent",
    "ChainEventKey",
    "Database",
    "DatabaseUnavailableError",
    "IndexerCursor",
    "SchemaAheadError",
    "SchemaBehindError",
    "TxRecord",
    "ensure_schema",
    "map_storage_errors",
    "upgrade",
]
