"""Data files readable by their owner only: names, student ids and keys live in them.

The process umask makes everything created afterwards owner-only (directories 0700, files
0600), whoever creates it: SQLite, the keystore, IPFS's repo, a CSV export. Files an older
release left readable are tightened once, at start.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["OWNER_ONLY_UMASK", "secure_data_dir"]

OWNER_ONLY_UMASK = 0o077


def secure_data_dir(data_dir: Path) -> None:
    """Set the owner-only umask, make ``data_dir`` 0700 and tighten what it already holds."""
    os.umask(OWNER_ONLY_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for path in data_dir.rglob("*"):
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)
