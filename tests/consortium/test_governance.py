"""Governance on the three-member consortium: each member's own desk, its own key and node.

Member A proposes a new certification centre through its desk and node, member B approves
through its own, and the centre anchors; suspended by B and A, its new batches are refused.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from pydantic import SecretStr

from devnet.consortium import Consortium, Member, fund
from governance.app import create_app
from governance.settings import GovernanceSettings
from node.chain.reverts import RegistryAccreditationSuspended, RegistryNotAccredited
from node.credentials import SigningKey
from node.keystore import Keystore
from node.ledger import Ledger
from tests.conftest import TEST_PASSPHRASE, free_port
from tests.consortium.conftest import member_settings
from tests.integration.verification.anchoring import OWN_SCOPE, OwnIssuer, sign
from tests.servers import serve


@contextmanager
def desk(
    consortium: Consortium, member: Member, registry: str, data_dir: Path
) -> Iterator[httpx.Client]:
    """The member's governance desk on its own node, with its signer key in its keystore."""
    port = free_port()
    settings = GovernanceSettings(
        data_dir=data_dir,
        rpc_urls=[member.url],
        chain_id=consortium.chain_id,
        confirmations=2,
        tx_timeout_seconds=90,
        rpc_retries=1,
        rpc_backoff_seconds=0.1,
        registry_address=registry,
        keystore_passphrase=SecretStr(TEST_PASSPHRASE),
        governance_port=port,
        governance_public_url=f"http://127.0.0.1:{port}",
    )
    keystore = Keystore(data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True)
    keystore.create(settings.governance_key_name, bytes(consortium.signer_account(member).key))
    with serve(create_app(settings, fast_kdf=True), port) as url:
        key = (data_dir / "governance-admin.key").read_text().strip()
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=300) as client:
            yield client


def _seen(client: httpx.Client, proposal_id: int) -> None:
    """Wait until the member's own node has the block holding the proposal (it may lag)."""
    deadline = time.monotonic() + 90
    while True:
        answer = client.get(f"/proposals/{proposal_id}")
        if answer.status_code == 200:
            return
        assert answer.json()["code"] == "PROPOSAL_NOT_FOUND", answer.text
        assert time.monotonic() < deadline, f"proposal {proposal_id} never reached this node"
        time.sleep(1)


async def _anchor(ledger: Ledger, centre: OwnIssuer) -> None:
    learner = await SigningKey.create()
    root, _ = await ledger.anchor_credentials(
        centre.account, [await sign(centre, learner.did)], OWN_SCOPE
    )
    assert (await ledger.registry.batch(root)).issuer == centre.account.address


async def test_a_proposes_b_approves_the_centre_anchors_then_is_suspended(
    consortium: Consortium, tmp_path: Path
) -> None:
    a, b, _ = consortium.members
    ledger = await Ledger.open(
        member_settings(consortium, consortium.root / "services", a.url), fast_kdf=True
    )
    try:
        registry = ledger.registry.address
        account: LocalAccount = Account.create()
        await fund(ledger.txm, consortium.signer_account(a), account.address, 10**21)
        centre = OwnIssuer(await SigningKey.create(), account, OWN_SCOPE)
        until = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
        body = {
            "account": account.address, "did": centre.key.did, "fields": [0, 2],
            "outcome_types": [0, 1], "max_level": 5, "valid_until": until,
        }  # fmt: skip
        with (
            desk(consortium, a, registry, tmp_path / "a") as desk_a,
            desk(consortium, b, registry, tmp_path / "b") as desk_b,
        ):
            made = desk_a.post("/proposals/accreditations", json=body)
            assert made.status_code == 201, made.text
            pid = made.json()["proposal_id"]
            assert not made.json()["executed"]
            with pytest.raises(RegistryNotAccredited):
                await _anchor(ledger, centre)

            _seen(desk_b, pid)
            pending = desk_b.get("/proposals", params={"pending": "true"}).json()
            shown = next(p for p in pending if p["id"] == pid)
            signer_a = consortium.signer_account(a).address
            assert shown["approved_by"] == [signer_a]
            assert shown["words"].startswith(f"Accredit {account.address} as a certification")
            assert "fields #0, #2" in shown["words"]  # no framework published on this chain
            assert shown["needed"].startswith("needs 1 more approval(s) from ")

            approved = desk_b.post(f"/proposals/{pid}/approve")
            assert approved.status_code == 200, approved.text
            assert approved.json()["executed"]
            await _anchor(ledger, centre)

            suspend = desk_b.post(f"/accreditations/{account.address}/suspend")
            assert suspend.status_code == 201, suspend.text
            _seen(desk_a, suspend.json()["proposal_id"])
            confirmed = desk_a.post(f"/proposals/{suspend.json()['proposal_id']}/approve")
            assert confirmed.status_code == 200, confirmed.text
            assert confirmed.json()["executed"]
            with pytest.raises(RegistryAccreditationSuspended):
                await _anchor(ledger, centre)

            # the members' nodes take Clique votes (consortium-local's clique RPC module)
            vote = desk_b.post("/validators", json={"address": account.address, "add": True})
            assert vote.status_code == 201 and account.address in vote.json()["words"], vote.text
    finally:
        await ledger.close()
