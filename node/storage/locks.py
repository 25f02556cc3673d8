"""A named lock shared by every process on one database: a PostgreSQL advisory lock.

Workers of one service share nothing in memory, so what must have one writer at a time
(an account's nonces, the batches it anchors) is locked in the database they share. On
SQLite, whose processes share only a file, a lock file beside the database does the same.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import func, select

from node.storage.db import Database, map_storage_errors

__all__ = ["shared_lock"]


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key from a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@asynccontextmanager
async def shared_lock(db: Database, name: str) -> AsyncIterator[None]:
    """Hold ``name`` against every other process using this database until the block ends.

    Not re-entrant across connections: never take the same name twice in one task.
    """
    if db.engine.dialect.name == "postgresql":
        with map_storage_errors():
            async with db.engine.connect() as conn:
                # transaction-scoped: released on commit, rollback or a lost connection
                await conn.execute(select(func.pg_advisory_xact_lock(_key(name))))
                try:
                    yield
                finally:
                    await conn.rollback()
        return
    path = db.url.split("///", 1)[-1] if db.url.startswith("sqlite") else ""
    if not path or path == ":memory:":
        yield  # one process owns an in-memory database
        return
    lock_file = Path(f"{path}.lock-{_key(name) & 0xFFFFFFFF:08x}")
    handle = await asyncio.to_thread(lock_file.open, "a")
    try:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock
