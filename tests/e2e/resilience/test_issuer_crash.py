"""``kill -9`` the issuer in the middle of its work; restarted, it loses and repeats nothing.

The issuer runs in its own process (uvicorn with the app factory, configured by environment)
on a chain of its own, so killing it kills only it. After the restart the operator does what
an operator would: sends the same certificate list again, or decides again.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from node.config import CoreSettings
from node.conversion.demo import demo_programme_text, demo_rule_set_text
from node.credentials import did_key, generate_key
from node.documents import load_demo_framework
from node.storage import Database, TxRecord
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.e2e.resilience.audit import audit
from tests.e2e.resilience.conftest import Served, stored_credentials
from tests.e2e.resilience.issuers import rpc
from wallet import VerifierChecker, Wallet, WalletSettings, WalletStore, open_registry, parse_offer

pytestmark = pytest.mark.slow

ROWS = 5000
PROGRAMME = "demo-college:programme/software-technology"
LEARNERS = 100


def certificate_list(rows: int) -> bytes:
    """``rows`` distinct certifications: learners × grades × dates (one import key each)."""
    dids = [did_key(generate_key()) for _ in range(LEARNERS)]
    grades = ["primary", "intermediate", "advanced"]
    start = date(2024, 1, 1)
    lines = ["learner_did,standard_code,grade,result,issued_on"]
    for i in range(rows):
        day = start + timedelta(days=i // LEARNERS)
        lines.append(f"{dids[i % LEARNERS]},1X-WFED,{grades[i % 3]},Pass,{day.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


async def test_kill_9_in_the_middle_of_a_5000_row_import_loses_and_repeats_nothing(
    issuer_process: Served, tmp_path: Path
) -> None:
    served = issuer_process
    csv = certificate_list(ROWS)
    headers = {"content-type": "text/csv"}
    db = Database(served.settings.effective_database_url)
    try:
        async with served.client() as http:
            importing = asyncio.create_task(
                http.post("/imports/certificates", content=csv, headers=headers)
            )
            # kill once part of the list is stored (and batches are on their way to the chain)
            while not importing.done():
                if await stored_credentials(db) >= 1000:
                    break
                await asyncio.sleep(0.05)
            assert not importing.done(), "the import ended before the kill"
            served.process.kill()
            with pytest.raises(httpx.HTTPError):
                await importing
        at_kill = await stored_credentials(db)
        assert 1000 <= at_kill < ROWS

        served.process.start()
        async with served.client() as http:
            again = await http.post("/imports/certificates", content=csv, headers=headers)
            assert again.status_code == 200, again.text
            report = again.json()
            assert report["problems"] == []
            assert report["skipped_duplicates"] == at_kill
            assert report["accepted"] == ROWS - at_kill
            flushed = await http.post("/anchoring/flush")
            assert flushed.status_code == 200, flushed.text
        served.process.stop()
    finally:
        await db.close()

    found = await audit(served.settings, tmp_path)
    assert len(found.credentials) == ROWS
    assert len({c.import_key for c in found.credentials}) == ROWS


async def test_kill_9_in_the_middle_of_a_conversion_approval_records_and_issues_once(
    issuer_process: Served, own_chain: CoreSettings, tmp_path: Path
) -> None:
    """The kill falls after the conversion's transaction is sent and before it is mined.

    Mining is paused so the approval waits on the chain; the issuer dies there; the chain
    then mines what it was sent. Approved again after the restart, the conversion is on chain
    once and its credential is issued once, and the learner's wallet verifies it.
    """
    served = issuer_process
    running = RunningIssuer(served.process.url, served.settings, served.admin_key)
    wallet_settings = WalletSettings(
        **{**own_chain.model_dump(), "wallet_dir": tmp_path / "wallets", "wallet_kdf_cost": 2**10}
    )
    store = WalletStore(wallet_settings.wallets_folder, kdf_cost=wallet_settings.wallet_kdf_cost)
    wallet = await Wallet.create(store, "converter", PASSPHRASE)
    db = Database(served.settings.effective_database_url)
    try:
        async with served.client() as http, open_registry(wallet_settings) as registry:
            checker = VerifierChecker(registry, framework=load_demo_framework())
            published = await http.post(
                "/programmes",
                json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
            )
            assert published.status_code == 201, published.text
            ids = []
            for standard, grade in (("1X-WFED", "intermediate"), ("MIL-SERVICE", None)):
                extra: dict[str, Any] = {"grade": grade} if grade else {}
                offer = await issue_offer(http, running, wallet.did, standard, **extra)
                received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
                assert [c.label for c in received.kept] == ["valid"], received
                ids.append(offer["issued"]["credential_id"])
            asked = (await http.post("/applications/challenge")).json()
            challenge, domain = asked["challenge"], asked["domain"]
            package = await wallet.present(ids, challenge=challenge, domain=domain)
            applied = await http.post(
                "/conversions", json={"programme_id": PROGRAMME, "package": package}
            )
            assert applied.status_code == 201, applied.text
            decision_url = f"/conversions/{applied.json()['id']}/decision"
            approve = {"decision": "approve", "reason": "meets the rules"}

            rpc(own_chain, "evm_setAutomine", False)
            try:
                deciding = asyncio.create_task(http.post(decision_url, json=approve))
                while not deciding.done():
                    if await _conversion_sent(db) and _pending(own_chain) > 0:
                        break
                    await asyncio.sleep(0.02)
                assert not deciding.done(), (await deciding).text
                served.process.kill()
                with pytest.raises(httpx.HTTPError):
                    await deciding
            finally:
                rpc(own_chain, "evm_setAutomine", True)
                rpc(own_chain, "evm_mine")
            assert _pending(own_chain) == 0

        served.process.start()
        async with served.client() as http, open_registry(wallet_settings) as registry:
            decided = await http.post(decision_url, json=approve)
            assert decided.status_code == 200, decided.text
            result = decided.json()
            assert result["status"] == "approved"
            again = await http.post(decision_url, json=approve)
            assert again.status_code == 409, again.text
            flushed = await http.post("/anchoring/flush")
            assert flushed.status_code == 200, flushed.text
            received = await wallet.receive(
                parse_offer(result["offer"]["link"]),
                VerifierChecker(registry, framework=load_demo_framework()),
                http,
            )
            assert [c.label for c in received.kept] == ["valid"], received
        served.process.stop()
    finally:
        await db.close()

    found = await audit(served.settings, tmp_path)
    assert found.conversions == [result["conversion_id"].lower()]
    converted = [c for c in found.credentials if c.standard_code == "CONVERSION"]
    assert [c.credential_id for c in converted] == [result["credential_id"]]


async def _conversion_sent(db: Database) -> bool:
    """Whether the approval's transaction is journalled (it is sent right after)."""
    async with db.session() as session:
        found = await session.scalar(select(func.count()).where(TxRecord.key.like("conversion:%")))
    return bool(found)


def _pending(chain: CoreSettings) -> int:
    """Transactions the node holds but has not mined."""
    return int(rpc(chain, "txpool_status")["pending"], 16)
