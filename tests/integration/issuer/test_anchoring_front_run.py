"""Issue 12: roots are bound to the issuer's account, and a root held by another is reported."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select

from devnet import IpfsDaemon
from issuer.context import IssuerContext
from issuer.models import AnchorBatch, IssuedCredential
from node.chain import AnchoredTree, Batch, BatchRootTakenError, bound_root
from node.chain.reverts import RegistryBatchAlreadyAnchored
from node.config import CoreSettings
from node.storage.models import TxRecord
from node.types import Bytes32, to_bytes32
from tests.helpers import accredited_issuer, random_hash
from tests.integration.issuer.opened import bootstrapped, issue, opened


@pytest.fixture
async def ctx(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, backend_database_url: str | None
) -> AsyncIterator[IssuerContext]:
    settings = await bootstrapped(
        chain_settings, ipfs_daemon, batch_size=50, database_url=backend_database_url
    )
    async with opened(settings) as context:
        yield context


async def _formed_batch(ctx: IssuerContext) -> tuple[str, list[str]]:
    """The batch the anchorer is about to send: its root and its members' hashes."""
    root = await ctx.anchorer._form_batch()
    assert root is not None
    async with ctx.ledger.db.session() as session:
        hashes = (
            await session.scalars(
                select(IssuedCredential.credential_hash).where(IssuedCredential.batch_root == root)
            )
        ).all()
    return root, list(hashes)


async def test_a_front_runner_copying_the_tree_root_does_not_block_the_batch(
    ctx: IssuerContext,
) -> None:
    await ctx.anchorer.flush()
    await issue(ctx, 3)
    root, hashes = await _formed_batch(ctx)
    # the tree root the issuer is about to send, anchored first by another accredited account
    tree = AnchoredTree([to_bytes32(h) for h in hashes], ctx.account.address)
    assert "0x" + tree.root.hex() == root
    front_runner = await accredited_issuer(ctx.ledger)
    scope = (await ctx.ledger.registry.current_accreditation(front_runner.address)).scope
    await ctx.ledger.registry.anchor_batch(front_runner, tree.tree_root, len(tree), scope)
    await ctx.anchorer.flush()  # resumes the recorded batch
    async with ctx.ledger.db.session() as session:
        statuses = (
            await session.scalars(
                select(IssuedCredential.status).where(IssuedCredential.batch_root == root)
            )
        ).all()
    assert list(statuses) == ["anchored"] * 3
    batch = await ctx.ledger.registry.batch(to_bytes32(root))
    assert batch.issuer == ctx.account.address
    held = await ctx.ledger.registry.batch(bound_root(tree.tree_root, front_runner.address))
    assert held.issuer == front_runner.address


async def test_a_root_held_by_another_account_is_reported_once_not_retried(
    ctx: IssuerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry that names another account for the batch's root (only possible without the
    binding) takes the batch out of the retry loop with a clear error."""
    await ctx.anchorer.flush()
    await issue(ctx, 2)
    other = "0x" + "ab" * 20

    async def already_anchored(*args: object, **kwargs: object) -> object:
        raise RegistryBatchAlreadyAnchored(args={"root": "0x" + random_hash().hex()})

    async def held_by_other(root: Bytes32) -> Batch:
        return Batch(other, 1, 1)  # type: ignore[arg-type]

    monkeypatch.setattr(ctx.ledger.registry, "anchor_batch", already_anchored)
    monkeypatch.setattr(ctx.ledger.registry, "batch", held_by_other)
    with pytest.raises(BatchRootTakenError) as caught:
        await ctx.anchorer.flush()
    assert caught.value.code == "BATCH_ROOT_TAKEN" and caught.value.extra["holder"] == other
    async with ctx.ledger.db.session() as session:
        statuses = (await session.scalars(select(AnchorBatch.status))).all()
    assert "taken" in statuses and "building" not in statuses
    assert await ctx.anchorer.flush() == 0  # nothing is re-sent


async def test_a_batch_found_anchored_by_our_own_earlier_attempt_keeps_its_transaction_hash(
    ctx: IssuerContext,
) -> None:
    """After an outage the journal may not name the transaction that anchored a batch; the
    batch row still gets its hash, read from the chain's own event."""
    await ctx.anchorer.flush()
    await issue(ctx, 2)
    root, hashes = await _formed_batch(ctx)
    tree = AnchoredTree([to_bytes32(h) for h in hashes], ctx.account.address)
    scope = (await ctx.ledger.registry.current_accreditation(ctx.account.address)).scope
    earlier = await ctx.ledger.registry.anchor_batch(ctx.account, tree.tree_root, len(tree), scope)
    async with ctx.ledger.db.session() as session:  # the journal lost that attempt
        await session.execute(delete(TxRecord).where(TxRecord.key == f"anchor:{root}"))
    await ctx.anchorer.flush()
    async with ctx.ledger.db.session() as session:
        batch = (await session.scalars(select(AnchorBatch).where(AnchorBatch.root == root))).one()
    assert batch.status == "anchored"
    assert batch.tx_hash == "0x" + bytes(earlier["transactionHash"]).hex()
    assert batch.block_number == earlier["blockNumber"]
