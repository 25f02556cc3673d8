"""The transaction manager against a real node: nonces, crashes, outages, confirmations."""

import asyncio
import json

import pytest
from eth_account import Account
from sqlalchemy import select

from devnet import LocalChain
from node.chain import (
    ChainClient,
    bound_root,
    deploy_registry,
    deploying,
    load_deployment,
)
from node.config import CoreSettings
from node.errors import ChainMismatchError, ChainUnavailableError
from node.ledger import Ledger, fund_dev_account
from node.merkle import MerkleTree
from node.storage import TxRecord
from tests.helpers import WIDE_SCOPE, accredited_issuer, random_hash


async def test_concurrent_callers_share_one_nonce_sequence(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    roots = [random_hash() for _ in range(25)]
    receipts = await asyncio.gather(
        *(ledger.registry.anchor_batch(issuer, r, 1, WIDE_SCOPE) for r in roots)
    )
    assert all(r["status"] == 1 for r in receipts)
    nonces = []
    for receipt in receipts:
        tx = await ledger.client.w3.eth.get_transaction(receipt["transactionHash"])
        nonces.append(tx["nonce"])
    assert sorted(nonces) == list(range(min(nonces), min(nonces) + 25))
    for root in roots:
        assert (
            await ledger.registry.batch(bound_root(root, issuer.address))
        ).issuer == issuer.address


async def test_a_crash_between_journal_and_broadcast_is_resumed_exactly_once(
    chain_settings: CoreSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = await Ledger.open(chain_settings, fast_kdf=True)
    issuer = await accredited_issuer(ledger)
    root = MerkleTree([random_hash() for _ in range(4)]).root

    async def crash(raw: str) -> None:
        raise RuntimeError("process died before broadcasting")

    monkeypatch.setattr(ledger.txm, "_broadcast", crash)
    with pytest.raises(RuntimeError):
        await ledger.registry.anchor_batch(issuer, root, 4, WIDE_SCOPE)
    assert not (await ledger.registry.batch(bound_root(root, issuer.address))).exists
    await ledger.close()

    restarted = await Ledger.open(chain_settings, fast_kdf=True)  # resumes the journal
    try:
        batch = await restarted.registry.batch(bound_root(root, issuer.address))
        assert batch.issuer == issuer.address
        again = await restarted.registry.anchor_batch(issuer, root, 4, WIDE_SCOPE)
        async with restarted.db.session() as session:
            rows = (
                await session.scalars(
                    select(TxRecord).where(
                        TxRecord.key == f"anchor:0x{bound_root(root, issuer.address).hex()}"
                    )
                )
            ).all()
        assert len(rows) == 1 and rows[0].status == "mined"
        assert "0x" + bytes(again["transactionHash"]).hex() == rows[0].tx_hash
    finally:
        await restarted.close()


async def test_a_journalled_tx_mined_while_resume_looks_keeps_its_journal_entry(
    chain_settings: CoreSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mined between resume's receipt look and its re-send: the node then says the nonce is
    taken (by this very transaction), and the entry must settle as mined, not be dropped."""
    ledger = await Ledger.open(chain_settings, fast_kdf=True)
    try:
        issuer = await accredited_issuer(ledger)
        root = MerkleTree([random_hash() for _ in range(2)]).root
        sent: list[str] = []
        real_broadcast = ledger.txm._broadcast

        async def crash_after_send(raw: str) -> None:
            await real_broadcast(raw)  # the node has it; the process dies before it learns so
            sent.append(raw)
            raise RuntimeError("process died after broadcasting")

        monkeypatch.setattr(ledger.txm, "_broadcast", crash_after_send)
        with pytest.raises(RuntimeError):
            await ledger.registry.anchor_batch(issuer, root, 2, WIDE_SCOPE)
        monkeypatch.setattr(ledger.txm, "_broadcast", real_broadcast)
        key = f"anchor:0x{bound_root(root, issuer.address).hex()}"
        async with ledger.db.session() as session:
            [row] = (await session.scalars(select(TxRecord).where(TxRecord.key == key))).all()
        await ledger.client.w3.eth.wait_for_transaction_receipt(row.tx_hash, timeout=30)

        real_receipt = ledger.txm._receipt
        looks = 0

        async def late_look(tx_hash: str):  # type: ignore[no-untyped-def]
            nonlocal looks
            looks += 1
            return None if looks == 1 else await real_receipt(tx_hash)  # mined just after

        monkeypatch.setattr(ledger.txm, "_receipt", late_look)
        assert await ledger.txm.resume() == 1
        async with ledger.db.session() as session:
            [after] = (await session.scalars(select(TxRecord).where(TxRecord.key == key))).all()
        assert (after.tx_hash, after.status) == (row.tx_hash, "mined")
        assert looks >= 2 and len(sent) == 1
    finally:
        await ledger.close()


async def test_a_node_that_is_down_gives_a_clear_error_and_loses_nothing(
    private_chain: tuple[CoreSettings, LocalChain],
) -> None:
    settings, chain = private_chain
    await Ledger.deploy_dev(settings, fast_kdf=True)
    ledger = await Ledger.open(settings, fast_kdf=True)
    try:
        issuer = await accredited_issuer(ledger)
        kept = random_hash()
        await ledger.registry.anchor_batch(issuer, kept, 1, WIDE_SCOPE)
        chain.stop()
        with pytest.raises(ChainUnavailableError) as info:
            await ledger.registry.anchor_batch(issuer, random_hash(), 1, WIDE_SCOPE)
        assert info.value.code == "CHAIN_UNAVAILABLE"
        assert settings.effective_rpc_urls[0] in str(info.value.detail)
        chain.start()
        assert (
            await ledger.registry.batch(bound_root(kept, issuer.address))
        ).issuer == issuer.address
        later = random_hash()
        await ledger.registry.anchor_batch(issuer, later, 1, WIDE_SCOPE)
        assert (await ledger.registry.batch(bound_root(later, issuer.address))).exists
    finally:
        await ledger.close()


async def test_state_persists_across_node_restarts(
    private_chain: tuple[CoreSettings, LocalChain],
) -> None:
    settings, chain = private_chain
    deployment = await Ledger.deploy_dev(settings, fast_kdf=True)
    chain.stop()
    chain.start()
    again = await Ledger.deploy_dev(settings, fast_kdf=True)
    assert again == deployment
    async with ChainClient(settings.effective_rpc_urls, settings.chain_id) as client:
        assert await load_deployment(client, settings.data_dir) == deployment


async def test_wrong_chain_id_is_named_and_failover_finds_a_good_node(
    chain_settings: CoreSettings,
) -> None:
    url = chain_settings.effective_rpc_urls[0]
    with pytest.raises(ChainMismatchError) as info:
        await ChainClient([url], 999, retries=0).connect()
    assert url in str(info.value.detail) and "chain id" in str(info.value.detail)
    dead = "http://127.0.0.1:9"
    async with ChainClient([dead, url], chain_settings.chain_id, retries=0) as client:
        assert client.url == url
    with pytest.raises(ChainUnavailableError) as down:
        await ChainClient([dead], chain_settings.chain_id, retries=0).connect()
    assert dead in str(down.value.detail)


async def test_waits_for_the_configured_confirmations(
    private_chain: tuple[CoreSettings, LocalChain],
) -> None:
    settings, _chain = private_chain
    await Ledger.deploy_dev(settings, fast_kdf=True)
    ledger = await Ledger.open(settings.model_copy(update={"confirmations": 3}), fast_kdf=True)
    stop = asyncio.Event()

    async def miner() -> None:
        while not stop.is_set():
            await ledger.client.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
            await asyncio.sleep(0.05)

    task = asyncio.create_task(miner())
    try:
        issuer = await accredited_issuer(ledger)
        receipt = await ledger.registry.anchor_batch(issuer, random_hash(), 1, WIDE_SCOPE)
        head_when_returned = await ledger.client.w3.eth.block_number
        assert head_when_returned - receipt["blockNumber"] + 1 >= 3
    finally:
        stop.set()
        await task
        await ledger.close()


async def test_a_registry_from_older_sources_is_replaced_on_deploy(
    private_chain: tuple[CoreSettings, LocalChain],
) -> None:
    """A dev chain kept across a contract change gets the registry this build's ABI matches."""
    settings, _chain = private_chain
    first = await Ledger.deploy_dev(settings, fast_kdf=True)
    # make the record look like an older build's (other sources, other bytecode)
    record = settings.data_dir / "deployments" / f"{settings.chain_id}.json"
    record.write_text(json.dumps(json.loads(record.read_text()) | {"source_digest": "0" * 64}))
    async with deploying(settings) as (client, _txm):
        assert (await load_deployment(client, settings.data_dir)) is not None  # kept, warned
    async with deploying(settings) as (client, txm):
        governor = Account.create()
        await fund_dev_account(client, governor.address)
        current = await deploy_registry(
            client, txm, governor, [governor.address], 1, settings.data_dir
        )
    assert current.address != first.address
    assert current.source_digest == first.source_digest
    assert await Ledger.deploy_dev(settings, fast_kdf=True) == current
