"""The learner's side over HTTP and the command line: plan, apply, receive the conversion."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from creditbank.cli import app
from tests.conftest import free_port
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.servers import serve
from wallet import WalletSettings
from wallet.app import create_app

PROGRAMME = "demo-college:programme/software-technology"


async def test_plan_apply_and_balance_through_the_wallet_service(
    published: dict[str, Any],
    wallet_settings: WalletSettings,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
    tmp_path: Path,
) -> None:
    settings = wallet_settings.model_copy(update={"wallet_port": free_port()})
    with serve(create_app(settings), settings.wallet_port) as url:
        opened = await http.post(f"{url}/wallet", json={"passphrase": PASSPHRASE})
        assert opened.status_code == 201, opened.text
        did, bearer = opened.json()["did"], {"Authorization": f"Bearer {opened.json()['token']}"}
        ids = []
        for standard, grade in (("1X-WFED", "advanced"), ("TRN-PLC-LINE", None)):
            extra = {"grade": grade} if grade else {}
            offer = await issue_offer(http, running_issuer, did, standard, **extra)
            redeemed = await http.post(
                f"{url}/offers/redeem", json={"offer": offer["offer"]["link"]}, headers=bearer
            )
            assert redeemed.status_code == 200, redeemed.text
            ids.append(offer["issued"]["credential_id"])

        target = {"institution_url": running_issuer.url, "programme_id": PROGRAMME}
        planned = await http.post(f"{url}/plan", json=target, headers=bearer)
        assert planned.status_code == 200, planned.text
        proposal_plan = planned.json()
        assert proposal_plan["covered"] == {"WEB-FRONTEND": "wfed-exempts-web"}
        assert proposal_plan["pools"]["practical"]["filled"] == "4.00"
        assert [o["standard"] for o in proposal_plan["remaining"]["BIGDATA-APP"]] == ["1X-BDAD"]
        assert Decimal(proposal_plan["credits_to_study"]) == Decimal(120 - 6 - 4)

        applied = await http.post(
            f"{url}/conversions/apply", json={**target, "credential_ids": ids}, headers=bearer
        )
        assert applied.status_code == 201, applied.text
        application = applied.json()
        assert Decimal(application["proposal"]["total"]) == 10

        decided = await http.post(
            f"{running_issuer.url}/conversions/{application['id']}/decision",
            json={"decision": "approve", "reason": "as the rules propose"},
            headers=auth(running_issuer.admin_key),
        )
        assert decided.status_code == 200, decided.text
        flushed = await http.post(
            f"{running_issuer.url}/anchoring/flush", headers=auth(running_issuer.admin_key)
        )
        assert flushed.status_code == 200
        redeemed = await http.post(
            f"{url}/offers/redeem",
            json={"offer": decided.json()["offer"]["link"]},
            headers=bearer,
        )
        assert redeemed.status_code == 200, redeemed.text
        account = (await http.get(f"{url}/account", headers=bearer)).json()
        assert account["by_programme"] == {PROGRAMME: "10"}
        assert [c["status"] for c in account["conversions"]] == ["valid"]
        assert account["total_credits"] == str(Decimal("8") + Decimal("3"))  # sources only

        # The same plan from the command line, on the same wallet file.
        runner = CliRunner(
            env={
                "CREDITBANK_WALLET_PASSPHRASE": PASSPHRASE,
                "CREDITBANK_WALLET_DIR": str(settings.wallets_folder),
                "CREDITBANK_WALLET_KDF_COST": str(settings.wallet_kdf_cost),
            }
        )
        result = await asyncio.to_thread(
            runner.invoke,
            app,
            ["wallet", "plan", "--institution", running_issuer.url, "--programme", PROGRAMME,
             "--json"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["covered"] == proposal_plan["covered"]
