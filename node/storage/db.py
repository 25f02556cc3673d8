"""One async engine and session factory per service, created from settings, never at import."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Select, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from node.config import CoreSettings
from node.errors import StorageError
from node.storage.errors import DatabaseUnavailableError
from node.storage.hotreads import SqliteHotReads
from node.storage.migrate import ensure_schema

__all__ = ["Database", "map_storage_errors"]


@contextmanager
def map_storage_errors() -> Iterator[None]:
    """Turn SQLAlchemy's exceptions into ``StorageError`` at the core's boundary.

    ``sqlite3``'s own come from the hot reads, which run on the driver directly.
    """
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise StorageError(f"database error: {type(exc).__name__}") from exc
    except OSError as exc:  # asyncpg's connect raises these unwrapped (refused, unreachable)
        raise DatabaseUnavailableError(f"database unreachable: {type(exc).__name__}") from exc


class Database:
    """An engine plus session factory; ``create()`` checks the schema is migrated."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        # SQLite has one writer: one pooled connection queues writers instead of letting
        # them spin on the file lock (busy_timeout) under concurrent load. A server database
        # keeps ``pool_size`` connections and no overflow: with SQLAlchemy's default (5 kept,
        # 10 more opened and closed on demand), 16 concurrent clients made the issuer open and
        # close a connection per request, about 15 % of its CPU (TLS negotiation, login, and
        # every statement prepared anew on the new connection), and forked a server backend
        # each time.
        pool: dict[str, Any] = (
            {"pool_size": 1, "max_overflow": 0, "pool_timeout": 120}
            if url.startswith("sqlite")
            else {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 30}
        )
        self.engine: AsyncEngine = create_async_engine(url, echo=echo, **pool)
        if url.startswith("sqlite"):
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # reads alone get their own connections on a SQLite file: in WAL mode a reader never
        # waits for the writer, so an API key lookup does not queue behind a batch's commits
        self._read_engine: AsyncEngine | None = None
        self._reads = self.sessions
        self._hot_reads: SqliteHotReads | None = None
        if url.startswith("sqlite") and _sqlite_file(url):
            # no rollback when a reader goes back to the pool: it cannot write, a session
            # rolls back on closing anyway, and a hot read's rows are all fetched, which ends
            # SQLite's read transaction; the rollback cost a hop to the driver's thread
            self._read_engine = create_async_engine(
                url,
                echo=echo,
                pool_size=_SQLITE_READERS,
                max_overflow=0,
                pool_timeout=120,
                pool_reset_on_return=None,
            )
            event.listen(self._read_engine.sync_engine, "connect", _sqlite_reader_pragmas)
            self._reads = async_sessionmaker(self._read_engine, expire_on_commit=False)
            self._hot_reads = SqliteHotReads(self._read_engine)
        elif url.startswith("postgresql+asyncpg"):
            # a server database reads on a few connections of its own, in autocommit (no
            # BEGIN and ROLLBACK round trips around an API key lookup; read committed gives
            # each statement its own snapshot anyway) and read-only, refused by the server
            self._read_engine = create_async_engine(
                url,
                echo=echo,
                pool_size=_SERVER_READERS,
                max_overflow=0,
                pool_timeout=30,
                isolation_level="AUTOCOMMIT",
                connect_args={"server_settings": {"default_transaction_read_only": "on"}},
            )
            self._reads = async_sessionmaker(self._read_engine, expire_on_commit=False)

    @classmethod
    def of(cls, settings: CoreSettings) -> Database:
        """The service's database: its configured URL (or the data dir's SQLite file) and pool."""
        return cls(settings.effective_database_url, pool_size=settings.database_pool_size)

    async def create(self) -> None:
        """Make sure the schema is current before serving: migrations, never ``create_all``.

        An empty database is migrated to the head; one that is behind is refused with
        ``SchemaBehindError`` naming ``creditbank db upgrade``, so an operator decides when.
        """
        await ensure_schema(self.url)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that commits on success and rolls back on any error."""
        with map_storage_errors():
            async with self.sessions() as session, session.begin():
                yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for reads alone; on a SQLite file and on PostgreSQL it refuses writes.

        On SQLite it sees what was committed when its first statement ran, on PostgreSQL each
        statement what was committed when it ran; use ``session`` for anything that reads in
        order to write.
        """
        with map_storage_errors():
            async with self._reads() as session:
                yield session

    async def fetch(
        self, statement: Select[Any], params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Every row of a read-only ``statement`` run often (an API-key lookup), as dicts.

        ``params`` fills its ``bindparam`` placeholders by name. On a SQLite file it runs in
        one hop to the driver's thread (``node.storage.hotreads``); elsewhere as a Core
        statement on a read connection, without a session's unit of work.
        """
        with map_storage_errors():
            if self._hot_reads is not None:
                return await self._hot_reads.fetch(statement, params or {})
            async with (self._read_engine or self.engine).connect() as connection:
                result = await connection.execute(statement, params or {})
                return [dict(row) for row in result.mappings()]

    async def close(self) -> None:
        """Release every pooled connection."""
        await self.engine.dispose()
        if self._read_engine is not None:
            await self._read_engine.dispose()


#: Read connections per SQLite file (WAL readers run beside the one writer).
_SQLITE_READERS = 4
#: Read connections per process to PostgreSQL, beside its ``pool_size`` others.
_SERVER_READERS = 4


def _sqlite_file(url: str) -> bool:
    """Whether a SQLite URL names a file (an in-memory database lives in one connection)."""
    path = url.split("///", 1)[-1]
    return bool(path) and ":memory:" not in path and "mode=memory" not in url


def _sqlite_reader_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """A read connection: it waits out a checkpoint's lock, and it can never write."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL and a busy timeout let the indexer and services share one SQLite file."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
