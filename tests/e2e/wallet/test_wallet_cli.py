"""``creditbank wallet`` commands on a wallet folder, against the served issuer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from creditbank.cli.wallet import wallet_app
from node.credentials import verify_presentation
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import WalletSettings

CLI, PREFIX = wallet_app, []  # mounted as `creditbank wallet` in creditbank/cli/__init__.py


def _env(settings: WalletSettings, folder: Path) -> dict[str, str]:
    return {
        "CREDITBANK_DATA_DIR": str(settings.data_dir),
        "CREDITBANK_LOCAL_CHAIN_PORT": str(settings.local_chain_port),
        "CREDITBANK_IPFS_API": settings.ipfs_api,
        "CREDITBANK_WALLET_DIR": str(folder),
        "CREDITBANK_WALLET_KDF_COST": str(2**10),
        "CREDITBANK_WALLET_PASSPHRASE": PASSPHRASE,
    }


def test_wallet_commands(
    wallet_settings: WalletSettings,
    running_issuer: RunningIssuer,
    tmp_path: Path,
) -> None:
    runner = CliRunner(env=_env(wallet_settings, tmp_path / "w"))

    def invoke(*args: str) -> str:
        result = runner.invoke(CLI, [*PREFIX, *args])
        assert result.exit_code == 0, result.output
        return result.output

    did = invoke("create").split()[-1]
    assert did.startswith("did:key:z6Mk")

    async def offers() -> list[dict]:
        async with httpx.AsyncClient(timeout=120) as http:
            return [
                await issue_offer(http, running_issuer, did, "MIL-SERVICE"),
                await issue_offer(http, running_issuer, did, "WEX-LOGISTICS-12M"),
            ]

    first, second = asyncio.run(offers())
    assert "kept" in invoke("receive", first["offer"]["link"])
    assert "kept" in invoke("receive", second["offer"]["code"], "--issuer", running_issuer.url)
    summary = json.loads(invoke("account", "--json"))
    assert summary["total_credits"] == "10"
    assert summary["by_outcome_type"] == {"military_service": "6", "work_experience": "4"}
    assert "general-studies" in invoke("account")

    out, qr = tmp_path / "package.json", tmp_path / "qr.png"
    invoke(
        "present",
        "--challenge", "ch-9", "--domain", "https://hr.example",
        "--credential", first["issued"]["credential_id"],
        "--out", str(out), "--qr", str(qr),
    )  # fmt: skip
    package = json.loads(out.read_text())
    vp = package["verifiablePresentation"]
    assert asyncio.run(verify_presentation(vp, challenge="ch-9", domain="https://hr.example")) == []
    assert qr.read_bytes().startswith(b"\x89PNG")

    backup = tmp_path / "backup.json"
    invoke("backup", str(backup))
    restored = CliRunner(env=_env(wallet_settings, tmp_path / "other")).invoke(
        CLI, [*PREFIX, "restore", str(backup)]
    )
    assert restored.exit_code == 0 and did in restored.output and "2 credentials" in restored.output

    wrong = CliRunner(
        env={**_env(wallet_settings, tmp_path / "w"), "CREDITBANK_WALLET_PASSPHRASE": "bad"}
    ).invoke(CLI, [*PREFIX, "account", "--offline"])
    assert wrong.exit_code == 2 and "WRONG_PASSPHRASE" in wrong.output


def test_an_offer_behind_a_transaction_code_is_received_with_it(
    wallet_settings: WalletSettings, running_issuer: RunningIssuer, tmp_path: Path
) -> None:
    runner = CliRunner(env=_env(wallet_settings, tmp_path / "w"))
    created = runner.invoke(CLI, [*PREFIX, "create"])
    assert created.exit_code == 0, created.output
    did = created.output.split()[-1]

    async def guarded_offer() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=120) as http:
            issued = await issue_offer(http, running_issuer, did, "MIL-SERVICE")
            made = await http.post(
                f"{running_issuer.url}/credentials/{issued['issued']['credential_id']}/offer",
                json={"tx_code": True},
                headers={"X-API-Key": running_issuer.admin_key},
            )
            assert made.status_code == 201, made.text
            offer: dict[str, Any] = made.json()
            return offer

    offer = asyncio.run(guarded_offer())
    without = runner.invoke(CLI, [*PREFIX, "receive", offer["offer_uri"]])
    assert without.exit_code != 0
    assert without.output.startswith("WALLET_OFFER_INVALID")
    receive = [*PREFIX, "receive", offer["offer_uri"], "--tx-code"]
    wrong = runner.invoke(CLI, [*receive, "000000" if offer["tx_code"] != "000000" else "111111"])
    assert wrong.exit_code != 0, wrong.output
    right = runner.invoke(CLI, [*receive, offer["tx_code"]])
    assert right.exit_code == 0, right.output
    assert "kept" in right.output
