"""Listings you can copy from (issue 18): whole ids at 80 columns, ``--json`` and ``--csv``."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from pathlib import Path

import httpx
from typer.testing import CliRunner

from creditbank.cli import app
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import new_learner
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import WalletSettings


def _issuer_runner(issuer: RunningIssuer) -> CliRunner:
    return CliRunner(
        env={
            "CREDITBANK_ISSUER_URL": issuer.url,
            "CREDITBANK_API_KEY": issuer.admin_key,
            "COLUMNS": "80",
        }
    )


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


async def test_issuer_list_and_audit_print_whole_ids_json_and_csv(
    running_issuer: RunningIssuer,
) -> None:
    learner = await new_learner()
    async with httpx.AsyncClient(timeout=120) as http:
        issued = [
            (await issue_offer(http, running_issuer, learner.did, code))["issued"]
            for code in ("CRS-PYTHON", "MIL-SERVICE")
        ]
    runner = _issuer_runner(running_issuer)

    table = _ok(runner, "issuer", "list", "--learner", learner.did)
    for credential in issued:
        assert credential["credential_id"] in table, table  # whole, on one line
    assert "…" not in table
    assert table.count(learner.did) == 2  # too wide for 80 columns: a block per row, uncut

    rows = json.loads(_ok(runner, "issuer", "list", "--learner", learner.did, "--json"))
    assert sorted(r["credential_id"] for r in rows) == sorted(c["credential_id"] for c in issued)
    assert {r["learner_did"] for r in rows} == {learner.did}

    text = _ok(runner, "issuer", "list", "--learner", learner.did, "--csv")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0])[:4] == ["credential_id", "standard_code", "status", "learner_did"]
    assert {"credential_hash", "batch_root", "created_at"} <= set(parsed[0])
    assert sorted(r["credential_id"] for r in parsed) == sorted(c["credential_id"] for c in issued)
    assert sorted(r["credential_hash"] for r in parsed) == sorted(
        c["credential_hash"] for c in issued
    )

    anchored = json.loads(
        _ok(runner, "issuer", "list", "--learner", learner.did, "--status", "anchored", "--json")
    )
    assert len(anchored) == 2

    audit = json.loads(_ok(runner, "issuer", "audit", "--limit", "5", "--json"))
    assert audit and {"at", "actor", "action", "target"} <= set(audit[0])
    audit_csv = list(csv.DictReader(io.StringIO(_ok(runner, "issuer", "audit", "--csv"))))
    assert audit_csv and audit_csv[0]["action"]


def test_listing_commands_refuse_unknown_filters_and_two_formats(
    running_issuer: RunningIssuer,
) -> None:
    runner = _issuer_runner(running_issuer)
    unknown = runner.invoke(app, ["issuer", "list", "--status", "lost"])
    assert unknown.exit_code == 2
    assert "unknown status 'lost'" in unknown.output
    assert "signed, batched, anchored, revoked, suspended" in unknown.output
    both = runner.invoke(app, ["issuer", "list", "--json", "--csv"])
    assert both.exit_code == 2 and "choose one of --json and --csv" in both.output
    no_such = runner.invoke(app, ["issuer", "list", "--colour", "red"])
    assert no_such.exit_code == 2
    said = " ".join(re.sub("[│╭╮╰╯─]", " ", no_such.output).split())  # the error panel's text
    assert "No such option: --colour" in said
    assert "Filters and options: --csv, --json, --key, --learner, --limit" in said


def test_wallet_account_whole_ids_json_and_csv(
    wallet_settings: WalletSettings,
    running_issuer: RunningIssuer,
    tmp_path: Path,
) -> None:
    runner = CliRunner(
        env={
            "CREDITBANK_DATA_DIR": str(wallet_settings.data_dir),
            "CREDITBANK_LOCAL_CHAIN_PORT": str(wallet_settings.local_chain_port),
            "CREDITBANK_IPFS_API": wallet_settings.ipfs_api,
            "CREDITBANK_WALLET_DIR": str(tmp_path / "w"),
            "CREDITBANK_WALLET_KDF_COST": str(2**10),
            "CREDITBANK_WALLET_PASSPHRASE": PASSPHRASE,
            "COLUMNS": "80",
        }
    )
    did = _ok(runner, "wallet", "create").split()[-1]

    async def offer() -> dict[str, str]:
        async with httpx.AsyncClient(timeout=120) as http:
            answer = await issue_offer(http, running_issuer, did, "1X-WFED", grade="advanced")
            return answer

    issued = asyncio.run(offer())
    _ok(runner, "wallet", "receive", issued["offer"]["link"])  # type: ignore[index]
    credential_id = issued["issued"]["credential_id"]  # type: ignore[index]

    table = _ok(runner, "wallet", "account", "--offline")
    assert credential_id in table and "…" not in table
    assert "certified" in table

    summary = json.loads(_ok(runner, "wallet", "account", "--offline", "--json"))
    assert summary["total_credits"] == "8"
    [line] = summary["credentials"]
    assert line["id"] == credential_id and line["class"] == "certified" and line["counted"]

    rows = list(csv.DictReader(io.StringIO(_ok(runner, "wallet", "account", "--offline", "--csv"))))
    assert [r["id"] for r in rows] == [credential_id]
    assert rows[0]["credits"] == "8" and rows[0]["class"] == "certified"
    assert rows[0]["counted"] == "True"
