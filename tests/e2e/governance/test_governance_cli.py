"""``creditbank governance`` against two members' served desks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from typer.testing import CliRunner

from creditbank.cli import app
from node.credentials import SigningKey
from tests.e2e.governance.conftest import Consortium, Member

pytestmark = pytest.mark.e2e


def _runner(member: Member, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={
            "CREDITBANK_GOVERNANCE_URL": member.url,
            "CREDITBANK_GOVERNANCE_API_KEY": member.key,
            "CREDITBANK_DATA_DIR": str(tmp_path),
        }
    )


def _flat(output: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(output.split())


async def test_propose_list_approve_and_refusals_from_the_command_line(
    consortium: Consortium, tmp_path: Path
) -> None:
    a, b = _runner(consortium.a, tmp_path), _runner(consortium.b, tmp_path)
    centre: LocalAccount = Account.create()
    did = (await SigningKey.create()).did
    until = (datetime.now(UTC).date() + timedelta(days=90)).isoformat()
    proposed = a.invoke(
        app,
        [
            "governance", "propose-accreditation", "--account", centre.address, "--did", did,
            "--field", "accounting-finance", "--field", "4", "--outcome-type", "training",
            "--max-level", "4", "--until", until, "--branch",
        ],
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    said = _flat(proposed.output)
    assert "as a branch centre" in said and "waiting for approvals" in said
    pid = proposed.output.split()[1].rstrip(":")

    listed = b.invoke(app, ["governance", "proposals"])
    assert listed.exit_code == 0, listed.output
    flat = _flat(listed.output)
    assert f"#{pid} (pending) Accredit {centre.address} as a branch centre" in flat
    assert "fields accounting-finance, logistics" in flat
    assert f"needs 1 more approval(s) from {consortium.b.account}" in flat

    approved = b.invoke(app, ["governance", "approve", pid])
    assert approved.exit_code == 0 and "carried out" in _flat(approved.output), approved.output
    shown = a.invoke(app, ["governance", "accreditations", "--json"])
    assert shown.exit_code == 0 and centre.address in shown.output

    again = b.invoke(app, ["governance", "approve", pid])
    assert again.exit_code == 2
    assert "PROPOSAL_CLOSED" in again.output and "is executed" in _flat(again.output)
    lonely = a.invoke(app, ["governance", "quorum", "3"])
    assert lonely.exit_code == 2 and "between 1 and 2" in _flat(lonely.output)
    members = a.invoke(app, ["governance", "members"])
    assert members.exit_code == 0 and "quorum 2" in members.output
