"""A flush anchors what was pending when it began: later credentials wait for the next batch."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from sqlalchemy import func, select

from devnet import IpfsDaemon
from issuer.context import IssuerContext
from issuer.models import AnchorBatch, IssuedCredential
from issuer.settings import IssuerSettings
from node.chain import RegistryClient
from node.config import CoreSettings
from tests.integration.issuer.opened import bootstrapped, issue, opened


@pytest.fixture
async def ctx(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, database_url: str
) -> AsyncIterator[IssuerContext]:
    """An issuer on an empty database: no other anchorer or test leaves rows pending in it."""
    settings: IssuerSettings = await bootstrapped(
        chain_settings, ipfs_daemon, batch_size=20, database_url=database_url
    )
    async with opened(settings) as context:
        yield context


class IssuingWhileAnchoring:
    """The real registry; while its first batch is on its way, more credentials are issued."""

    def __init__(self, registry: RegistryClient, ctx: IssuerContext, count: int) -> None:
        self.registry, self.ctx, self.count = registry, ctx, count
        self.issued_meanwhile: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.registry, name)

    async def anchor_batch(self, account: LocalAccount, *args: Any) -> Any:
        if not self.issued_meanwhile:
            self.issued_meanwhile = await issue(self.ctx, self.count)
        return await self.registry.anchor_batch(account, *args)


async def statuses(ctx: IssuerContext, ids: list[str]) -> set[str]:
    async with ctx.ledger.db.session() as session:
        found = await session.scalars(
            select(IssuedCredential.status).where(IssuedCredential.credential_id.in_(ids))
        )
        return set(found.all())


async def test_a_flush_leaves_credentials_stored_during_it_to_the_next_batch(
    ctx: IssuerContext,
) -> None:
    before = await issue(ctx, 45)
    registry = IssuingWhileAnchoring(ctx.anchorer.registry, ctx, count=7)
    ctx.anchorer.registry = registry  # type: ignore[assignment]

    assert await ctx.anchorer.flush() == 45
    assert len(registry.issued_meanwhile) == 7
    assert await statuses(ctx, before) == {"anchored"}
    assert await statuses(ctx, registry.issued_meanwhile) == {"signed"}
    async with ctx.ledger.db.session() as session:
        batches = await session.scalar(select(func.count()).select_from(AnchorBatch))
    assert batches == 3  # 20 + 20 + 5: batch_size still splits

    assert await ctx.anchorer.flush() == 7
    assert await statuses(ctx, registry.issued_meanwhile) == {"anchored"}
