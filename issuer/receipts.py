"""Anchor receipts: what travels beside a credential so anyone can check it on chain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from issuer.context import IssuerContext
from issuer.models import AnchorBatch, IssuedCredential
from node.chain import AnchorReceipt
from node.types import to_bytes32

__all__ = ["receipt_for"]


async def receipt_for(ctx: IssuerContext, row: IssuedCredential) -> dict[str, Any] | None:
    """The receipt of an anchored credential, or None while its batch waits."""
    if row.batch_root is None or row.path is None or row.status == "batched":
        return None
    async with ctx.ledger.db.session() as session:
        batch = await session.scalar(select(AnchorBatch).where(AnchorBatch.root == row.batch_root))
    if batch is None or batch.status != "anchored" or batch.block_number is None:
        return None
    return AnchorReceipt(
        chain_id=ctx.ledger.client.chain_id,
        registry=ctx.ledger.deployment.address,
        root=to_bytes32(row.batch_root),
        credential_hash=to_bytes32(row.credential_hash),
        path=tuple(to_bytes32(p) for p in row.path),
        tx_hash=batch.tx_hash or "",
        block_number=batch.block_number,
    ).to_json()
