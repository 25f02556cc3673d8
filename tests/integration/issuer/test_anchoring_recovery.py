"""A crash between signing and anchoring loses nothing and anchors nothing twice."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from devnet import IpfsDaemon
from issuer.context import IssuerContext
from issuer.models import AnchorBatch, IssuedCredential
from issuer.settings import IssuerSettings
from node.chain import RegistryClient
from node.config import CoreSettings
from node.indexer import EventIndexer, History
from node.storage import TxRecord
from node.types import to_bytes32
from tests.integration.issuer.opened import bootstrapped, issue, opened


@pytest.fixture
async def settings(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, backend_database_url: str | None
) -> IssuerSettings:
    return await bootstrapped(
        chain_settings, ipfs_daemon, batch_size=50, database_url=backend_database_url
    )


@pytest.fixture
async def ctx(settings: IssuerSettings) -> AsyncIterator[IssuerContext]:
    async with opened(settings) as context:
        yield context


async def states(ctx: IssuerContext, ids: list[str]) -> list[IssuedCredential]:
    async with ctx.ledger.db.session() as session:
        return list(
            (
                await session.scalars(
                    select(IssuedCredential).where(IssuedCredential.credential_id.in_(ids))
                )
            ).all()
        )


async def anchored_once(ctx: IssuerContext, root: str) -> None:
    registry: RegistryClient = ctx.ledger.registry
    batch = await registry.batch(to_bytes32(root))
    assert batch.issuer == ctx.account.address
    indexer = EventIndexer(
        ctx.ledger.client, ctx.ledger.db, ctx.ledger.deployment.address, registry.artifact.abi,
        start_block=ctx.ledger.deployment.block_number,
    )  # fmt: skip
    await indexer.sync()
    events = await History(ctx.ledger.db).by_key(f"root:{root}", names={"BatchAnchored"})
    assert len(events) == 1
    async with ctx.ledger.db.session() as session:
        journal = (
            await session.scalars(select(TxRecord).where(TxRecord.key == f"anchor:{root}"))
        ).all()
    assert len(journal) == 1 and journal[0].status == "mined"


async def test_signed_but_not_batched_credentials_survive_a_restart(
    settings: IssuerSettings, ctx: IssuerContext
) -> None:
    ids = await issue(ctx, 30)
    await ctx.ledger.close()  # crash: nothing was batched
    async with opened(settings) as restarted:
        assert await restarted.anchorer.flush() >= 30
        rows = await states(restarted, ids)
        assert {r.status for r in rows} == {"anchored"}
        for root in {r.batch_root for r in rows}:
            assert root is not None
            await anchored_once(restarted, root)


async def test_a_crash_after_batching_before_the_transaction_resumes_the_same_root(
    settings: IssuerSettings, ctx: IssuerContext
) -> None:
    await ctx.anchorer.flush()  # start from an empty queue
    ids = await issue(ctx, 20)
    root = await ctx.anchorer._form_batch()  # the batch is recorded, then the process dies
    assert root is not None
    await ctx.ledger.close()
    async with opened(settings) as restarted:  # open_context resumes batches
        rows = await states(restarted, ids)
        assert {r.batch_root for r in rows} == {root} and {r.status for r in rows} == {"anchored"}
        await anchored_once(restarted, root)


async def test_a_crash_after_the_transaction_before_bookkeeping_anchors_once(
    settings: IssuerSettings, ctx: IssuerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    await ctx.anchorer.flush()
    ids = await issue(ctx, 10)
    original = ctx.ledger.registry.anchor_batch

    async def anchor_then_die(*args: object, **kwargs: object) -> object:
        await original(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("process died after the transaction was mined")

    monkeypatch.setattr(ctx.ledger.registry, "anchor_batch", anchor_then_die)
    with pytest.raises(RuntimeError):
        await ctx.anchorer.flush()
    async with ctx.ledger.db.session() as session:
        [batch] = (
            await session.scalars(select(AnchorBatch).where(AnchorBatch.status == "building"))
        ).all()
    await ctx.ledger.close()
    async with opened(settings) as restarted:
        rows = await states(restarted, ids)
        assert {r.status for r in rows} == {"anchored"} and {r.batch_root for r in rows} == {
            batch.root
        }
        await anchored_once(restarted, batch.root)
