"""Read sessions: they see what was committed, and on a SQLite file they never wait for the
writer nor write themselves (``Database.reading``). On both backends, real databases."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from issuer.models import Operator
from node.errors import StorageError
from node.storage import Database
from tests.servers import PostgresServer


async def _operators(db: Database) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count(Operator.id))) or 0)


async def test_a_read_session_sees_what_was_committed(database_url: str) -> None:
    db = Database(database_url)
    await db.create()
    try:
        assert await _operators(db) == 0
        async with db.session() as session:
            session.add(Operator(name="a", role="admin", fields=[], key_hash="0" * 64))
        assert await _operators(db) == 1
    finally:
        await db.close()


async def test_on_sqlite_a_reader_does_not_wait_for_an_open_write(tmp_path: Path) -> None:
    """The writer's one connection is busy in a transaction; a read still answers, unblocked,
    with the last committed state (a read through ``session`` would queue behind it)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}")
    await db.create()
    try:
        async with db.session() as session:
            session.add(Operator(name="a", role="admin", fields=[], key_hash="1" * 64))
            await session.flush()  # the write lock is held until this block commits
            assert await asyncio.wait_for(_operators(db), timeout=30) == 0
        assert await _operators(db) == 1
    finally:
        await db.close()


async def test_a_read_session_refuses_to_write(database_url: str) -> None:
    db = Database(database_url)
    await db.create()
    try:
        with pytest.raises(StorageError):
            async with db.reading() as session:
                session.add(Operator(name="b", role="admin", fields=[], key_hash="2" * 64))
                await session.flush()
        assert await _operators(db) == 0
    finally:
        await db.close()


async def test_on_postgresql_many_concurrent_sessions_share_pool_size_connections(
    postgres: PostgresServer,
) -> None:
    """More sessions at once than the pool holds wait for a kept connection: none is opened
    and closed for the burst (each would be a login, a server backend, statements prepared
    anew), so every session ran on one of ``pool_size`` server backends."""
    db = Database(postgres.create_database(), pool_size=3)
    await db.create()

    async def backend() -> int:
        async with db.session() as session:
            pid = int(await session.scalar(select(func.pg_backend_pid())) or 0)
            await asyncio.sleep(0.01)  # hold the connection while the others ask
            return pid

    try:
        pids = await asyncio.gather(*(backend() for _ in range(40)))
        again = await asyncio.gather(*(backend() for _ in range(40)))
    finally:
        await db.close()
    assert 0 not in pids
    assert len(set(pids)) <= 3
    assert set(again) <= set(pids)  # the same connections, kept between bursts
