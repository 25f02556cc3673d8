"""Hot reads (``Database.fetch``): the rows a session would read, every commit seen at once,
and the driver's errors as ``StorageError``. On both backends, real databases; on a SQLite
file they take the one-hop path (``node.storage.hotreads``)."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Select, bindparam, column, func, select, table, update

from issuer.auth import Role, authenticate, create_operator
from issuer.models import Operator
from node.errors import AuthError, StorageError
from node.storage import Database
from node.web import hash_api_key

_OPERATORS = Operator.__table__
_BY_NAME = select(_OPERATORS).where(_OPERATORS.c.name == bindparam("name"))
_CREATED_BY = select(_OPERATORS.c.name).where(_OPERATORS.c.created_at <= bindparam("at"))
_ACTIVE = select(func.count().label("active")).where(_OPERATORS.c.active == True)  # noqa: E712


async def _database(url: str) -> Database:
    db = Database(url)
    await db.create()
    return db


async def test_a_hot_read_gives_the_rows_a_session_reads(database_url: str) -> None:
    """JSON, booleans and times come back as Python values, equal to the ORM's."""
    db = await _database(database_url)
    created = datetime(2026, 3, 1, 9, 30, 15, 250_000)
    try:
        async with db.session() as session:
            session.add_all(
                [
                    Operator(
                        name="reviewer",
                        role="reviewer",
                        fields=["welding", "nursing ü"],
                        key_hash="a" * 64,
                        active=False,
                        created_at=created,
                    ),
                    Operator(name="admin", role="admin", fields=[], key_hash="b" * 64),
                ]
            )
        async with db.session() as session:
            stored = await session.scalar(select(Operator).where(Operator.name == "reviewer"))
        assert stored is not None
        rows = await db.fetch(_BY_NAME, {"name": "reviewer"})
        assert rows == [{c.key: getattr(stored, c.key) for c in _OPERATORS.columns}]
        assert rows[0]["fields"] == ["welding", "nursing ü"]
        assert rows[0]["active"] is False
        assert rows[0]["created_at"] == created
        assert await db.fetch(_BY_NAME, {"name": "nobody"}) == []
        # a time as a parameter, and a literal compiled into the statement
        assert await db.fetch(_CREATED_BY, {"at": created + timedelta(seconds=1)}) == [
            {"name": "reviewer"}
        ]
        assert await db.fetch(_ACTIVE) == [{"active": 1}]
    finally:
        await db.close()


async def test_a_key_disabled_is_refused_by_the_next_request(database_url: str) -> None:
    """Each lookup sees every commit before it: nothing of the last lookup is kept."""
    db = await _database(database_url)
    try:
        key = await create_operator(db, "integration", Role.OPERATOR)
        assert (await authenticate(db, key, {Role.OPERATOR})).name == "integration"
        async with db.session() as session:
            await session.execute(
                update(Operator).where(Operator.key_hash == hash_api_key(key)).values(active=False)
            )
        with pytest.raises(AuthError, match="unknown or disabled"):
            await authenticate(db, key, {Role.OPERATOR})
    finally:
        await db.close()


async def test_a_failing_hot_read_is_a_storage_error(database_url: str) -> None:
    """The driver's own error (no such table) surfaces as the usual storage problem, and
    the read connections keep serving."""
    db = await _database(database_url)
    missing: Select[Any] = select(column("x")).select_from(table("no_such_table"))
    try:
        for _ in range(6):  # more than the readers the pool keeps
            with pytest.raises(StorageError):
                await db.fetch(missing)
        assert await db.fetch(_ACTIVE) == [{"active": 0}]
    finally:
        await db.close()
