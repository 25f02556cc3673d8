"""Bulk INSERTs of new ORM objects: one statement per table, without the unit of work.

The ORM's flush of new objects costs a fraction of a millisecond a row, and on SQLite an INSERT
that must return ids in parameter order runs once per row (a thread hop each through aiosqlite).
Rows written here are not read back: callers that need ids ask ``RETURNING`` for a natural key
beside the id and match them up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession

from node.storage.models import Base

__all__ = ["insert_new"]


async def insert_new(session: AsyncSession, new: Sequence[Base]) -> None:
    """Insert new ORM objects, one bulk INSERT per table, in the session's transaction.

    Each row gives the columns set on its object; the others take their defaults. The objects
    stay transient (they are not attached to the session and get no id).
    """
    by_table: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)
    for item in new:
        state = item.__dict__
        by_table[type(item)].append(
            {
                column.key: state[column.key]
                for column in sa_inspect(item).mapper.column_attrs
                if column.key in state
            }
        )
    for model, values in by_table.items():
        await session.execute(insert(model), values)
