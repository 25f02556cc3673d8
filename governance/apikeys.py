"""The member's people who may act through its desk: an API key each, stored only as a hash.

A governance desk has a handful of operators, so they live in one owner-only JSON file in the
member's data dir rather than in a table of their own.
"""

from __future__ import annotations

import hmac
import json
import os
from pathlib import Path

from node.errors import AuthError, InputError
from node.web import hash_api_key, new_api_key

__all__ = ["OperatorKeys"]

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.")


class OperatorKeys:
    """Operators by name, each with the hash of its API key."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "governance-operators.json"
        self.admin_key_file = data_dir / "governance-admin.key"

    def _read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        loaded = json.loads(self.path.read_text())
        return {str(k): str(v) for k, v in loaded.items()}

    def _write(self, keys: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(keys, handle, indent=1)
        tmp.replace(self.path)

    def names(self) -> list[str]:
        """Who may act, by name."""
        return sorted(self._read())

    def create(self, name: str) -> str:
        """Register an operator; its key is returned this once and never stored."""
        if not name or len(name) > 64 or not set(name) <= _NAME_CHARS:
            raise InputError("an operator name is 1-64 of a-z, 0-9, '-', '_' and '.'")
        keys = self._read()
        if name in keys:
            raise InputError(f"operator {name!r} exists already")
        key = new_api_key()
        keys[name] = hash_api_key(key)
        self._write(keys)
        return key

    def first_admin(self) -> str | None:
        """With no operator yet, make ``admin`` and leave its key in a 0600 file beside."""
        if self._read():
            return None
        key = self.create("admin")
        fd = os.open(self.admin_key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key + "\n")
        return str(self.admin_key_file)

    def authenticate(self, api_key: str | None) -> str:
        """The operator's name for a key; anything else is refused."""
        if not api_key:
            raise AuthError("an API key is required (header X-API-Key or Authorization: Bearer)")
        wanted = hash_api_key(api_key)
        for name, stored in self._read().items():
            if hmac.compare_digest(stored, wanted):
                return name
        raise AuthError("unknown API key")
