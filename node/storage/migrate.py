"""Alembic migrations, run from code: upgrade, check a schema is current, compare with models.

One linear history in ``node/storage/migrations/versions`` covers every table on
``node.storage.Base`` (core, issuer and verifier). A service refuses to start on a database
that is behind; only an empty database is brought to the head on its own, so a fresh
embedded install needs no extra step while an existing one is never changed behind the
operator's back.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import importlib
import logging
import pkgutil
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, func, inspect, pool, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from node.storage.errors import DatabaseUnavailableError, SchemaAheadError, SchemaBehindError
from node.storage.models import Base

__all__ = [
    "MIGRATIONS_DIR",
    "UPGRADE_COMMAND",
    "SchemaState",
    "alembic_config",
    "compare_with_models",
    "ensure_schema",
    "head_revisions",
    "import_models",
    "new_revision",
    "schema_state",
    "upgrade",
]

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: What an operator runs when a service refuses a schema that is behind.
UPGRADE_COMMAND = "creditbank db upgrade"
#: pg_advisory_xact_lock key that serialises concurrent upgrades (workers starting together).
_MIGRATION_LOCK_KEY = 0x43424D49  # "CBMI"
_VERSION_TABLE = "alembic_version"


def alembic_config(url: str | None = None, model_modules: Iterable[str] = ()) -> Config:
    """An Alembic config for our script directory; ``model_modules`` register extra tables."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.set_main_option("model_modules", " ".join(model_modules))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    ruff = Path(sys.executable).with_name("ruff")
    if ruff.exists() or shutil.which("ruff"):
        # new revision files come out formatted as the rest of the code
        cfg.set_section_option("post_write_hooks", "hooks", "ruff")
        cfg.set_section_option("post_write_hooks", "ruff.type", "exec")
        cfg.set_section_option(
            "post_write_hooks", "ruff.executable", str(ruff) if ruff.exists() else "ruff"
        )
        cfg.set_section_option(
            "post_write_hooks", "ruff.options", "format --quiet REVISION_SCRIPT_FILENAME"
        )
    return cfg


@lru_cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revisions() -> tuple[str, ...]:
    """The head(s) of the history; exactly one unless two revisions branched."""
    return tuple(_scripts().get_heads())


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the code's migration history."""

    current: tuple[str, ...]
    heads: tuple[str, ...]
    tables: frozenset[str]
    unknown: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        """Every head applied, nothing else."""
        return set(self.current) == set(self.heads)

    @property
    def empty(self) -> bool:
        """No table at all: a new database, safe to build from nothing."""
        return not self.tables and not self.current

    @property
    def ahead(self) -> bool:
        """Stamped with a revision this code does not have (a newer release made it)."""
        return bool(self.unknown)

    def describe(self) -> str:
        """The current revision in words, for messages."""
        if self.current:
            return ", ".join(self.current)
        return "no revision (tables made before migrations)" if self.tables else "empty"


def _state(conn: Connection) -> SchemaState:
    current = tuple(MigrationContext.configure(conn).get_current_heads())
    tables = frozenset(inspect(conn).get_table_names()) - {_VERSION_TABLE}
    unknown: list[str] = []
    for rev in current:
        try:
            if _scripts().get_revision(rev) is None:
                unknown.append(rev)
        except CommandError:
            unknown.append(rev)
    return SchemaState(current, head_revisions(), tables, tuple(unknown))


def _sqlite_path(url: str) -> str:
    """The file of a SQLite URL; empty for other databases and in-memory ones."""
    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    return "" if path in ("", ":memory:") else path


def _engine(url: str) -> AsyncEngine:
    """A throwaway engine: no pool, no pragma hooks (foreign keys stay off while migrating)."""
    path = _sqlite_path(url)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return create_async_engine(url, poolclass=pool.NullPool)


async def schema_state(url: str) -> SchemaState:
    """Read the database's revision and tables; unreachable is ``DatabaseUnavailableError``."""
    engine = _engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_state)
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailableError(
            f"cannot reach the database ({type(exc).__name__}); check CREDITBANK_DATABASE_URL"
        ) from exc
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def _file_lock(url: str) -> AsyncIterator[None]:
    """SQLite has no advisory locks: processes upgrading one file queue on a lock file."""
    path = _sqlite_path(url)
    if not path:
        yield
        return
    lock_path = Path(path + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = await asyncio.to_thread(lock_path.open, "a")
    try:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def _upgrade_sync(conn: Connection, target: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


async def upgrade(url: str, target: str = "head") -> SchemaState:
    """Apply migrations up to ``target``, one process at a time; returns the new state."""
    engine = _engine(url)
    try:
        async with _file_lock(url), engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK_KEY)))
            before = await conn.run_sync(_state)
            if before.ahead:
                raise SchemaAheadError(
                    f"the database is at {before.describe()}, unknown to this release"
                )
            await conn.run_sync(_upgrade_sync, target)
            after = await conn.run_sync(_state)
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailableError(
            f"upgrade failed ({type(exc).__name__}: {exc})".splitlines()[0]
        ) from exc
    finally:
        await engine.dispose()
    if before.current != after.current:
        logger.info("database upgraded from %s to %s", before.describe(), after.describe())
    return after


async def ensure_schema(url: str, *, build_empty: bool = True) -> SchemaState:
    """Refuse a schema that is behind or ahead; build an empty database from nothing."""
    state = await schema_state(url)
    if state.at_head:
        return state
    if state.ahead:
        raise SchemaAheadError(
            f"the database is at {state.describe()}, which this release does not know; "
            "run the release that migrated it"
        )
    if state.empty and build_empty:
        return await upgrade(url)
    raise SchemaBehindError(
        f"the database schema is at {state.describe()}, this release needs "
        f"{', '.join(state.heads)}: run `{UPGRADE_COMMAND}`"
    )


def import_models(names: Iterable[str]) -> None:
    """Import modules, and every submodule of packages, so each table is on ``Base``.

    Packages are walked whole: a table declared in a new module needs no list kept up to
    date, and a revision never proposes dropping a table whose module was not imported.
    """
    for name in names:
        module = importlib.import_module(name)
        if hasattr(module, "__path__"):
            for info in pkgutil.walk_packages(module.__path__, prefix=f"{name}."):
                if ".migrations" not in info.name:
                    importlib.import_module(info.name)


def _compare(conn: Connection, model_modules: Sequence[str]) -> list[Any]:
    import_models(model_modules)
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def compare_with_models(url: str, model_modules: Sequence[str]) -> list[Any]:
    """What autogenerate would write for this database: empty when models match migrations."""
    engine = _engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_compare, model_modules)
    finally:
        await engine.dispose()


def new_revision(message: str, model_modules: Sequence[str]) -> Path:
    """Write a revision autogenerated against a scratch database at the head; returns it."""
    number = len(list(_scripts().walk_revisions())) + 1
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}"
        asyncio.run(upgrade(url))
        cfg = alembic_config(url, model_modules)
        script = command.revision(cfg, message, autogenerate=True, rev_id=f"{number:04d}")
    _scripts.cache_clear()
    if script is None or isinstance(script, list):
        raise SchemaBehindError("alembic wrote no single revision")
    return Path(script.path)
