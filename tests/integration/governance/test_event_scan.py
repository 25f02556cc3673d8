"""Registry event scans in block-range steps, from the deployment block, against real anvil.

Anvil mines one block per transaction, so four document versions land in four blocks and a
step of one or two blocks forces the scan through several ``eth_getLogs`` calls.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from governance.chainreads import LogWindow, block_ranges, event_args
from governance.context import log_window
from governance.settings import GovernanceSettings
from node.chain import DocumentKind
from node.ledger import GOVERNOR_KEY, Ledger


def test_block_ranges_cover_every_block_once() -> None:
    assert block_ranges(5, 11, 3) == [(5, 7), (8, 10), (11, 11)]
    assert block_ranges(5, 5, 100) == [(5, 5)]
    assert block_ranges(6, 5, 1) == []
    with pytest.raises(ValueError, match="step 0"):
        LogWindow(0, 0)


def test_the_step_is_a_setting_of_at_least_one_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert GovernanceSettings(data_dir=tmp_path).log_block_step == 2_000
    monkeypatch.setenv("CREDITBANK_LOG_BLOCK_STEP", "7")
    assert GovernanceSettings(data_dir=tmp_path).log_block_step == 7
    monkeypatch.setenv("CREDITBANK_LOG_BLOCK_STEP", "0")
    with pytest.raises(ValidationError):
        GovernanceSettings(data_dir=tmp_path)


async def test_a_scan_in_small_steps_finds_what_one_call_finds(ledger: Ledger) -> None:
    governor = ledger.keystore.load(GOVERNOR_KEY)
    series = secrets.token_bytes(32)
    blocks = []
    for version in range(1, 5):
        receipt = await ledger.registry.publish_document(
            governor, DocumentKind.CATALOG, series, version, secrets.token_bytes(32),
            f"bafy-scan-{version}", 0,
        )  # fmt: skip
        blocks.append(int(receipt["blockNumber"]))
    assert len(set(blocks)) == 4  # one block each: the steps below cut between them

    def ours(events: list[dict[str, Any]]) -> list[tuple[int, int]]:
        return [(int(e["version"]), e["blockNumber"]) for e in events if e["seriesId"] == series]

    deployed = ledger.deployment.block_number
    head = blocks[-1]
    assert len(block_ranges(deployed, head, 2)) >= 3
    whole = await event_args(ledger.registry, "DocumentPublished", LogWindow(deployed, 10**9))
    assert ours(whole) == list(zip(range(1, 5), blocks, strict=True))
    for step in (1, 2, 3):
        stepped = await event_args(ledger.registry, "DocumentPublished", LogWindow(deployed, step))
        assert stepped == whole
    # a scan starts where its window does: nothing before it is read
    later = await event_args(ledger.registry, "DocumentPublished", LogWindow(blocks[2], 1))
    assert ours(later) == [(3, blocks[2]), (4, blocks[3])]


async def test_the_desk_window_starts_at_the_registry_deployment(
    ledger: Ledger, tmp_path: Path
) -> None:
    settings = GovernanceSettings(data_dir=tmp_path, log_block_step=3)
    window = log_window(settings, ledger)
    assert window == LogWindow(ledger.deployment.block_number, 3)
    assert window.first_block > 0  # the session chain mined blocks before the deployment
    added = await event_args(ledger.registry, "GovernorAdded", window)
    governor = ledger.keystore.load(GOVERNOR_KEY)
    assert added[0]["account"] == governor.address  # the constructor's, in the first block
    assert added[0]["blockNumber"] == window.first_block
