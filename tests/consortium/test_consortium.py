"""The credit bank on a three-member Clique consortium: issue through A, verify through C,
lose a member and keep going, bring it back and find the same state."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from devnet.consortium import Consortium, fund
from node.chain import AnchoredTree, ChainClient, did_hash
from node.chain.reverts import RegistryBatchAlreadyAnchored
from node.credentials import SigningKey, credential_hash
from node.documents import load_demo_framework
from node.errors import ChainMismatchError, ChainUnavailableError
from node.ledger import Ledger
from node.verification import Verifier
from tests.consortium.conftest import member_settings
from tests.integration.verification.anchoring import OWN_SCOPE, OwnIssuer, sign


async def _head(url: str, chain_id: int) -> int:
    async with ChainClient([url], chain_id) as client:
        return int(await client.call(lambda w3: w3.eth.block_number))


async def _accredited(ledger: Ledger, consortium: Consortium) -> OwnIssuer:
    """An issuer funded by member A and accredited by two of the three governors."""
    key = await SigningKey.create()
    account: LocalAccount = Account.create()
    members = consortium.members
    await fund(ledger.txm, consortium.signer_account(members[0]), account.address, 10**21)
    now = int(time.time())
    action = ledger.registry.action_accredit(
        account.address, did_hash(key.did), OWN_SCOPE,
        now - 3600, now + 365 * 86400,
    )  # fmt: skip
    governors = [consortium.signer_account(m) for m in members[:2]]
    await ledger.registry.govern(governors, action)
    return OwnIssuer(key, account, OWN_SCOPE)


async def test_issue_through_a_verify_through_c_lose_b_and_bring_it_back(
    consortium: Consortium, tmp_path: Path
) -> None:
    a, b, c = consortium.members
    root_dir = consortium.root / "services"
    ledger_a = await Ledger.open(member_settings(consortium, root_dir, a.url), fast_kdf=True)
    ledger_c = await Ledger.open(member_settings(consortium, root_dir, c.url), fast_kdf=True)
    try:
        assert await ledger_a.registry.quorum() == 2
        assert await ledger_a.registry.governor_count() == 3
        issuer = await _accredited(ledger_a, consortium)
        learner = await SigningKey.create()
        first = [await sign(issuer, learner.did) for _ in range(3)]
        root_1, receipts_1 = await ledger_a.anchor_credentials(issuer.account, first, OWN_SCOPE)

        verifier_c = Verifier(ledger_c.registry, framework=load_demo_framework())
        for vc, receipt in zip(first, receipts_1, strict=True):
            report = await verifier_c.verify_credential(vc, receipt)
            assert report.valid, report.to_json()

        # Member B goes down: blocks keep coming, issuance continues through A.
        consortium.stop_member(b)
        before = await _head(a.url, consortium.chain_id)
        await asyncio.sleep(8 * consortium.period)  # B's turns wait for the back-off
        assert await _head(a.url, consortium.chain_id) >= before + 3
        second = [await sign(issuer, learner.did) for _ in range(2)]
        root_2, receipts_2 = await ledger_a.anchor_credentials(issuer.account, second, OWN_SCOPE)
        for vc, receipt in zip(second, receipts_2, strict=True):
            assert (await verifier_c.verify_credential(vc, receipt)).valid

        # B comes back, catches up, and serves the same state.
        consortium.start_member(b)
        target = await _head(a.url, consortium.chain_id)
        deadline = time.monotonic() + 90
        while await _head(b.url, consortium.chain_id) < target:
            assert time.monotonic() < deadline, "member B did not catch up"
            await asyncio.sleep(1)
        ledger_b = await Ledger.open(member_settings(consortium, root_dir, b.url), fast_kdf=True)
        try:
            for root in (root_1, root_2):
                seen_b, seen_a = (
                    await ledger_b.registry.batch(root),
                    await ledger_a.registry.batch(root),
                )
                assert seen_b == seen_a and seen_b.exists
            verifier_b = Verifier(ledger_b.registry, framework=load_demo_framework())
            for vc, receipt in zip(first + second, receipts_1 + receipts_2, strict=True):
                assert (await verifier_b.verify_credential(vc, receipt)).valid
        finally:
            await ledger_b.close()

        # Nothing is anchored twice: the registry refuses a tree root the issuer anchored.
        tree_1 = AnchoredTree([credential_hash(vc) for vc in first], issuer.account.address)
        assert tree_1.root == root_1
        with pytest.raises(RegistryBatchAlreadyAnchored):
            await ledger_a.registry._write(  # the idempotency key would return the first receipt
                issuer.account, "anchorBatch", tree_1.tree_root, 3, OWN_SCOPE.to_abi()
            )
        # ...and blocks still come with all three members.
        head = await _head(c.url, consortium.chain_id)
        await asyncio.sleep(3 * consortium.period)
        assert await _head(c.url, consortium.chain_id) > head
    finally:
        await ledger_a.close()
        await ledger_c.close()


async def test_a_dead_or_foreign_node_is_named_and_another_member_serves(
    consortium: Consortium,
) -> None:
    a, _, c = consortium.members
    dead = "http://127.0.0.1:9"  # discard port: nothing answers JSON-RPC there
    async with ChainClient([dead, c.url], consortium.chain_id, retries=0) as client:
        assert client.url == c.url
        assert await client.call(lambda w3: w3.eth.block_number) > 0
    with pytest.raises(ChainMismatchError) as wrong:
        async with ChainClient([a.url], 999, retries=0):
            pass
    assert a.url in wrong.value.detail and str(consortium.chain_id) in wrong.value.detail
    with pytest.raises(ChainUnavailableError) as down:
        async with ChainClient([dead], consortium.chain_id, retries=0):
            pass
    assert dead in down.value.detail
