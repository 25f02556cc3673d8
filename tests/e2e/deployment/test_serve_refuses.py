"""``creditbank serve`` stops at start, saying why, on a database it cannot use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port

CREDITBANK = str(Path(sys.executable).with_name("creditbank"))
RELEASE_DB = Path(__file__).parents[2] / "integration/storage/fixtures/release-3478b78-issuer.db"


def serve(tmp_path: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CREDITBANK_DATA_DIR": str(tmp_path / "bank"),
        "CREDITBANK_DATABASE_URL": database_url,
        "CREDITBANK_VERIFIER_PORT": str(free_port()),
    }
    return subprocess.run(  # noqa: S603 - our own command
        [CREDITBANK, "serve", "verifier"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unreachable_database_stops_the_service_with_a_clear_message(tmp_path: Path) -> None:
    nobody = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/creditbank"
    result = serve(tmp_path, nobody)
    assert result.returncode == 2
    assert "DATABASE_UNAVAILABLE" in result.stderr and "CREDITBANK_DATABASE_URL" in result.stderr


def test_a_schema_that_is_behind_stops_the_service_naming_the_command(tmp_path: Path) -> None:
    shutil.copyfile(RELEASE_DB, tmp_path / "old.db")
    result = serve(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    assert result.returncode == 2
    assert "SCHEMA_BEHIND" in result.stderr
    assert "creditbank db upgrade" in " ".join(result.stderr.split())
