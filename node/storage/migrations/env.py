"""Alembic's environment: one linear history for every table on ``node.storage.Base``.

Run through ``node.storage.migrate`` (``creditbank db ...``), which hands over an open
connection; without one it connects to ``sqlalchemy.url`` or the settings' database.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from node.storage.migrate import import_models
from node.storage.models import Base, UTCDateTime

config = context.config
# Services register their tables on the shared Base; autogenerate needs them all imported.
import_models((config.get_main_option("model_modules") or "").split())
target_metadata = Base.metadata


def _render_item(kind: str, item: object, autogen_context: object) -> str | Literal[False]:
    """Our column types are plain SQL types underneath: render those, no import needed."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime()"
    return False


def _configure(**kwargs: object) -> None:
    """Batch mode lets revisions alter SQLite tables (which have no real ALTER)."""
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        **kwargs,  # type: ignore[arg-type]
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from node.config import CoreSettings

    return CoreSettings().effective_database_url


async def _run_async() -> None:
    engine = create_async_engine(_url(), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


_connection = config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
elif context.is_offline_mode():
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
