"""Storage errors beside the store: a schema out of step with the code, a database not there.

StorageError (node.errors)         the database failed (503)
├── SchemaBehindError              migrations not applied yet: run ``creditbank db upgrade``
├── SchemaAheadError               the database was migrated by newer code
└── DatabaseUnavailableError       the database could not be reached
"""

from __future__ import annotations

from node.errors import StorageError

__all__ = ["DatabaseUnavailableError", "SchemaAheadError", "SchemaBehindError"]


class SchemaBehindError(StorageError):
    """The database's schema is older than this code; a service refuses to start on it."""

    code = "SCHEMA_BEHIND"
    title = "Database schema is behind"


class SchemaAheadError(StorageError):
    """The database's schema was made by a newer release than this code knows."""

    code = "SCHEMA_AHEAD"
    title = "Database schema is newer than this code"


class DatabaseUnavailableError(StorageError):
    """The database did not answer (down, wrong URL, refused login)."""

    code = "DATABASE_UNAVAILABLE"
    title = "Database unavailable"
