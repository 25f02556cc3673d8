"""Data files are the owner's only, and the public development passphrase stays on loopback."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from node.config import CoreSettings
from node.files import secure_data_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_existing_files_are_tightened_and_new_ones_are_born_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "keys").mkdir(parents=True)
    db = data / "creditbank.db"
    db.write_text("names and student ids")
    db.chmod(0o644)
    (data / "keys").chmod(0o755)
    secure_data_dir(data)
    assert _mode(data) == 0o700
    assert _mode(db) == 0o600
    assert _mode(data / "keys") == 0o700
    later = data / "export.csv"
    later.write_text("id,name")
    assert _mode(later) == 0o600


def test_the_development_passphrase_is_refused_beyond_loopback(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="KEYSTORE_PASSPHRASE"):
        CoreSettings(data_dir=tmp_path, bind_host="192.0.2.10")
    CoreSettings(data_dir=tmp_path, bind_host="127.0.0.1")
    CoreSettings(data_dir=tmp_path, bind_host="::1")
    configured = CoreSettings(
        data_dir=tmp_path, bind_host="192.0.2.10", keystore_passphrase="a real secret here"
    )
    assert not configured.uses_dev_passphrase()
