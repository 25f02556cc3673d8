"""The reasons a member gives for its "no" to a proposal, kept by its desk.

The "no" itself is on the ledger (``reject``), where it counts: a proposal that too many
governors rejected is defeated. The reason is this member's words, shown beside the proposal,
and stays off chain.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

__all__ = ["Rejections"]


class Rejections:
    """Rejections by proposal id and governor, in one owner-only JSON file."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "governance-rejections.json"

    def _read(self) -> dict[str, dict[str, dict[str, Any]]]:
        if not self.path.is_file():
            return {}
        loaded: dict[str, dict[str, dict[str, Any]]] = json.loads(self.path.read_text())
        return loaded

    def of(self, proposal_id: int) -> dict[str, dict[str, Any]]:
        """Who rejected a proposal: governor address → operator, reason and time."""
        return self._read().get(str(proposal_id), {})

    def record(self, proposal_id: int, governor: str, operator: str, reason: str) -> None:
        """Note this member's rejection (once; a second one replaces the reason)."""
        book = self._read()
        book.setdefault(str(proposal_id), {})[governor] = {
            "operator": operator,
            "reason": reason,
            "at": int(time.time()),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(book, handle, indent=1)
        tmp.replace(self.path)
