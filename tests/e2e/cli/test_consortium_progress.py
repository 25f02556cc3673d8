"""``creditbank consortium start`` shows one progress step per member whose node answers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from creditbank.cli import consortium as cli
from devnet.consortium import Consortium
from tests.consortium.conftest import free_ports

pytestmark = pytest.mark.consortium


def test_start_advances_one_step_per_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    monkeypatch.setattr(cli, "console", terminal)
    ports = free_ports(4)
    consortium = Consortium(tmp_path / "consortium", size=2, rpc_port=ports, p2p_port=ports + 2)
    try:
        started = cli._start_with_progress(consortium, poll=0.2)
        assert [m.name for m in started] == ["member-0", "member-1"]
        assert all(s.pid and s.block is not None for s in consortium.status())
    finally:
        consortium.stop()
    drawn = screen.getvalue()
    assert "starting members" in drawn
    assert "1/2" in drawn and "2/2" in drawn  # a step per member, not one jump at the end
