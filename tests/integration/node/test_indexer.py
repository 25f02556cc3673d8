"""The event indexer: history without chain scans, resume, reorganisations."""

from sqlalchemy import func, select

from devnet import LocalChain
from node.chain import AnchoredTree, bound_root
from node.chain.calls import event_codecs_of
from node.chain.registry import as_plain
from node.config import CoreSettings
from node.indexer import EventIndexer, History
from node.ledger import Ledger
from node.storage import ChainEvent
from tests.helpers import WIDE_SCOPE, accredited_issuer, random_hash


def make_indexer(ledger: Ledger) -> EventIndexer:
    return EventIndexer(
        ledger.client,
        ledger.db,
        ledger.deployment.address,
        ledger.registry.artifact.abi,
        start_block=ledger.deployment.block_number,
    )


async def count_events(ledger: Ledger) -> int:
    async with ledger.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(ChainEvent)) or 0)


async def test_history_of_a_credential_and_of_an_issuer(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    hashes = [random_hash() for _ in range(3)]
    tree = AnchoredTree(hashes, issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 3, WIDE_SCOPE)
    await ledger.registry.suspend(issuer, tree.root, hashes[1], tree.proof(hashes[1]).path, 4)
    await ledger.registry.revoke(issuer, tree.root, hashes[1], tree.proof(hashes[1]).path, 2)
    await make_indexer(ledger).sync()

    history = History(ledger.db)
    entries = await history.credential(hashes[1], tree.root)
    assert [e.name for e in entries] == [
        "BatchAnchored",
        "CredentialSuspended",
        "CredentialRevoked",
    ]
    assert entries[-1].args["reason"] == 2
    assert await history.credential(hashes[0]) == []
    anchors = await history.anchors_of(issuer.address)
    assert [a.args["root"] for a in anchors] == ["0x" + tree.root.hex()]


async def test_indexer_resumes_without_duplicates(ledger: Ledger) -> None:
    indexer = make_indexer(ledger)
    await indexer.sync()
    before = await count_events(ledger)
    issuer = await accredited_issuer(ledger)
    await ledger.registry.anchor_batch(issuer, random_hash(), 1, WIDE_SCOPE)
    restarted = make_indexer(ledger)
    stored = await restarted.sync()
    assert stored >= 2  # the accreditation's events and the anchor
    assert await count_events(ledger) == before + stored
    assert await restarted.sync() == 0


async def test_a_reorganisation_drops_orphaned_events(
    private_chain: tuple[CoreSettings, LocalChain],
) -> None:
    settings, _chain = private_chain
    await Ledger.deploy_dev(settings, fast_kdf=True)
    ledger = await Ledger.open(settings, fast_kdf=True)
    try:
        issuer = await accredited_issuer(ledger)
        indexer = make_indexer(ledger)
        await indexer.sync()
        snapshot = (await ledger.client.w3.provider.make_request("evm_snapshot", []))["result"]  # type: ignore[arg-type]
        orphan = random_hash()
        await ledger.registry.anchor_batch(issuer, orphan, 1, WIDE_SCOPE)
        await indexer.sync()
        history = History(ledger.db)
        assert len(await history.by_key(f"root:0x{bound_root(orphan, issuer.address).hex()}")) == 1

        await ledger.client.w3.provider.make_request("evm_revert", [snapshot])  # type: ignore[arg-type]
        ledger.txm.forget_nonces()  # the rewound chain forgot the orphaned nonce
        kept = random_hash()
        await ledger.registry.anchor_batch(issuer, kept, 1, WIDE_SCOPE)
        await indexer.sync()
        assert await history.by_key(f"root:0x{bound_root(orphan, issuer.address).hex()}") == []
        assert len(await history.by_key(f"root:0x{bound_root(kept, issuer.address).hex()}")) == 1
    finally:
        await ledger.close()


async def test_event_codecs_decode_as_web3_does(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)  # governance and accreditation events
    hashes = [random_hash() for _ in range(2)]
    tree = AnchoredTree(hashes, issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 2, WIDE_SCOPE)
    await ledger.registry.suspend(issuer, tree.root, hashes[0], tree.proof(hashes[0]).path, 4)
    await ledger.registry.revoke(issuer, tree.root, hashes[1], tree.proof(hashes[1]).path, 2)
    await ledger.registry.suspend_indexes(issuer, [3, 300], 1)
    await ledger.registry.lift_index_suspensions(issuer, [3])
    await ledger.registry.revoke_indexes(issuer, [4], 2)
    logs = await ledger.client.call(
        lambda w3: w3.eth.get_logs(
            {"address": ledger.deployment.address, "fromBlock": ledger.deployment.block_number}
        )
    )
    codecs = event_codecs_of(ledger.registry.artifact.abi)
    contract = ledger.registry.contract()
    seen = set()
    for log in logs:
        codec = codecs[bytes(log["topics"][0])]
        expected = as_plain(dict(contract.events[codec.name]().process_log(log)["args"]))
        assert codec.args(log["topics"], log["data"]) == expected, codec.name
        seen.add(codec.name)
    assert {
        "ProposalCreated",
        "AccreditationRecorded",  # a struct among its arguments
        "BatchAnchored",
        "CredentialSuspended",
        "CredentialRevoked",
        "IndexesSuspended",
        "IndexSuspensionsLifted",
        "IndexesRevoked",
    } <= seen
