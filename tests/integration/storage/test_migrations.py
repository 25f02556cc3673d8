"""Migrations: one head, models equal to migrations, release 3478b78's databases kept intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from creditbank.cli import app
from creditbank.cli.db import MODEL_MODULES
from issuer.models import IssuedCredential, Offer, Operator
from node.storage import Database
from node.storage.errors import SchemaBehindError
from node.storage.migrate import compare_with_models, ensure_schema, head_revisions, upgrade
from verifier.models import VerifierChallenge

FIXTURES = Path(__file__).with_name("fixtures")
RELEASE_FILES = ["release-3478b78-issuer.db", "release-3478b78-verifier.db"]


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but Alembic's, read with the stdlib driver."""
    with sqlite3.connect(path) as conn:
        names = [
            n
            for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n != "alembic_version"
        ]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}


def test_history_has_one_head() -> None:
    assert len(head_revisions()) == 1, head_revisions()


async def test_models_match_migrations(database_url: str) -> None:
    """What ``alembic revision --autogenerate`` would write on a migrated database: nothing."""
    await upgrade(database_url)
    assert await compare_with_models(database_url, MODEL_MODULES) == []


async def test_empty_database_is_migrated_when_a_service_opens_it(database_url: str) -> None:
    db = Database(database_url)
    try:
        await db.create()
        state = await ensure_schema(database_url)
        assert state.at_head and state.current == head_revisions()
    finally:
        await db.close()


@pytest.mark.parametrize("name", RELEASE_FILES)
async def test_release_3478b78_database_upgrades_with_every_row_intact(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    url = f"sqlite+aiosqlite:///{path}"
    before = dump(path)
    assert before and all(before.values()), "the fixture has rows in every table"

    # a service refuses it and says what to run
    with pytest.raises(SchemaBehindError, match="creditbank db upgrade") as refused:
        await Database(url).create()
    assert refused.value.code == "SCHEMA_BEHIND"
    assert dump(path) == before, "refusing changed nothing"

    state = await upgrade(url)
    assert state.at_head
    after = dump(path)
    assert {t: after[t] for t in before} == before
    assert set(before) <= set(after), "later revisions only add tables so far"
    assert await compare_with_models(url, MODEL_MODULES) == []

    # the current models read the old rows, and the database takes new ones
    db = Database(url)
    try:
        await db.create()
        async with db.session() as session:
            challenges = (await session.scalars(select(VerifierChallenge))).all()
            assert {c.challenge for c in challenges} == {"c" * 64, "d" * 32}
            if "issuer_credential" in before:
                first = IssuedCredential.credential_id == "urn:uuid:cred-1"
                cred = await session.scalar(select(IssuedCredential).where(first))
                assert cred is not None and cred.path == ["0x" + "22" * 32]
                offer = await session.scalar(select(Offer))
                assert offer is not None and offer.learner_id == 1
            session.add(Operator(name="after-upgrade", role="operator", key_hash="e" * 64))
        async with db.session() as session:
            assert await session.scalar(select(Operator).where(Operator.name == "after-upgrade"))
    finally:
        await db.close()


def test_cli_upgrades_and_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(FIXTURES / RELEASE_FILES[0], tmp_path / "creditbank.db")
    monkeypatch.setenv("CREDITBANK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CREDITBANK_DATABASE_URL", raising=False)
    runner = CliRunner()
    behind = runner.invoke(app, ["db", "current"])
    assert behind.exit_code == 1 and "behind" in behind.output
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "no revision" in upgraded.output and "from empty" in upgraded.output
    current = runner.invoke(app, ["db", "current"])
    assert current.exit_code == 0 and current.output.count(": current") == 3
    checked = runner.invoke(app, ["db", "check"])
    assert checked.exit_code == 0 and "migrations match the models" in checked.output
