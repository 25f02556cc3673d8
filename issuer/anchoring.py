"""Gather signed credentials into Merkle batches and anchor each root exactly once.

A batch is written (root and members) before its transaction is sent. After a crash the
same members rebuild the same root, and the transaction manager's journal (keyed by root)
re-sends the recorded transaction instead of anchoring twice. Roots are bound to this issuer's
account (``node.chain.binding``): the recorded root is the one the registry keeps and receipts
carry. Should the registry ever name another account for it (a registry without that binding
and a front-runner), the batch is marked ``taken`` and reported, never retried forever.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable

from eth_account.signers.local import LocalAccount
from sqlalchemy import func, select, update

from issuer.models import AnchorBatch, IssuedCredential
from node.chain import AnchoredTree, BatchRootTakenError, RegistryClient, Scope
from node.chain.reverts import RegistryBatchAlreadyAnchored
from node.errors import ChainError
from node.storage import Database
from node.storage.locks import shared_lock
from node.types import to_bytes32
from node.web.metrics import ANCHOR_BATCHES, CHAIN_ERRORS, observe_anchor_lag

__all__ = ["Anchorer"]

logger = logging.getLogger(__name__)

_PENDING = select(func.count().label("pending")).where(IssuedCredential.status == "signed")
_LAST_PENDING = select(func.max(IssuedCredential.id)).where(IssuedCredential.status == "signed")


class Anchorer:
    """Batches by size or age; ``run`` loops, ``flush`` anchors everything pending now."""

    def __init__(
        self,
        db: Database,
        registry: RegistryClient,
        account: LocalAccount,
        *,
        batch_size: int,
        max_age: float,
    ) -> None:
        self.db = db
        self.registry = registry
        self.account = account
        self.batch_size = batch_size
        self.max_age = max_age
        self.wake = asyncio.Event()
        self._lock = asyncio.Lock()

    async def pending_count(self) -> int:
        """Signed credentials not yet in a batch (a hot read: every store wakes the loop)."""
        rows = await self.db.fetch(_PENDING)
        return int(rows[0]["pending"] or 0)

    async def resume(self) -> int:
        """Anchor batches a crash left half-done; returns how many."""
        async with self.db.session() as session:
            roots = list(
                (
                    await session.scalars(
                        select(AnchorBatch.root).where(AnchorBatch.status == "building")
                    )
                ).all()
            )
        for root in roots:
            await self._anchor(root)
        return len(roots)

    async def flush(self) -> int:
        """Batch and anchor the credentials pending now; returns how many were anchored.

        Only those stored before it starts. Under steady issuance, the credentials stored while
        one batch's transaction is on its way would otherwise make the next batch at once, so
        ``run`` would send a small batch every round trip to the node instead of one full batch
        per ``max_age``: more transactions, more gas and more CPU for the same credentials.
        """
        anchored = 0
        async with self._lock, shared_lock(self.db, f"anchorer:{self.account.address}"):
            await self.resume()
            async with self.db.session() as session:
                last = await session.scalar(_LAST_PENDING)
            while last is not None and (root := await self._form_batch(last)) is not None:
                anchored += await self._anchor(root)
        return anchored

    async def run(self, stop: asyncio.Event, poll: float = 0.25) -> None:
        """Anchor when a full batch waits or the oldest pending credential is old enough."""
        oldest_seen: float | None = None
        while not stop.is_set():
            try:
                pending = await self.pending_count()
                now = time.monotonic()
                if pending == 0:
                    oldest_seen = None
                elif oldest_seen is None:
                    oldest_seen = now
                if pending >= self.batch_size or (
                    oldest_seen is not None and now - oldest_seen >= self.max_age
                ):
                    await self.flush()
                    oldest_seen = None
            except ChainError as exc:
                CHAIN_ERRORS.labels(exc.code).inc()
                logger.warning("anchoring postponed: %s %s", exc.code, exc.detail)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad pass
                logger.exception("anchoring pass failed")
            self.wake.clear()
            try:
                await asyncio.wait_for(self.wake.wait(), poll)
            except TimeoutError:
                pass

    async def _form_batch(self, last: int | None = None) -> str | None:
        """Take up to ``batch_size`` pending credentials (ids up to ``last``) as one batch."""
        pending = (
            select(IssuedCredential.id, IssuedCredential.credential_hash)
            .where(IssuedCredential.status == "signed")
            .order_by(IssuedCredential.id)
            .limit(self.batch_size)
        )
        if last is not None:
            pending = pending.where(IssuedCredential.id <= last)
        async with self.db.session() as session:
            rows = (await session.execute(pending)).all()
            if not rows:
                return None
            tree = AnchoredTree([to_bytes32(h) for _, h in rows], self.account.address)
            root = "0x" + tree.root.hex()
            session.add(AnchorBatch(root=root, count=len(rows)))
            await session.execute(
                update(IssuedCredential)
                .where(IssuedCredential.id.in_([i for i, _ in rows]))
                .values(status="batched", batch_root=root)
            )
        return root

    async def _anchor(self, root: str) -> int:
        """Send (or re-send) the batch's transaction and give every member its path."""
        async with self.db.session() as session:
            members = (
                await session.execute(
                    select(
                        IssuedCredential.id,
                        IssuedCredential.credential_hash,
                        IssuedCredential.field_bit,
                        IssuedCredential.type_bit,
                        IssuedCredential.level,
                        IssuedCredential.created_at,
                    ).where(IssuedCredential.batch_root == root)
                )
            ).all()
        tree = AnchoredTree([to_bytes32(m.credential_hash) for m in members], self.account.address)
        if "0x" + tree.root.hex() != root:
            raise RuntimeError(f"batch {root} members no longer match their root")
        scope = Scope(
            fields=_bits(m.field_bit for m in members),
            outcome_types=_bits(m.type_bit for m in members),
            max_level=max(m.level for m in members),
        )
        try:
            receipt = await self.registry.anchor_batch(
                self.account, tree.tree_root, len(tree), scope
            )
            tx_hash = "0x" + bytes(receipt["transactionHash"]).hex()
            block = int(receipt["blockNumber"])
        except RegistryBatchAlreadyAnchored:
            batch = await self.registry.batch(tree.root)
            if batch.issuer != self.account.address:
                await self._mark_taken(root, batch.issuer)
                raise BatchRootTakenError(
                    f"batch {root} is anchored by {batch.issuer}, not by this issuer's "
                    f"{self.account.address}; its {len(members)} credentials are not anchored",
                    root=root,
                    holder=batch.issuer,
                ) from None
            # anchored by an earlier attempt of ours (its journal record may be gone after an
            # outage): the chain's own event names the transaction
            block = batch.block_number
            tx_hash = await self.registry.anchoring_transaction(tree.root, block) or ""
        async with self.db.session() as session:
            await session.execute(
                update(IssuedCredential),
                [
                    {
                        "id": m.id,
                        "status": "anchored",
                        "path": [
                            "0x" + p.hex() for p in tree.proof(to_bytes32(m.credential_hash)).path
                        ],
                    }
                    for m in members
                ],
            )
            await session.execute(
                update(AnchorBatch)
                .where(AnchorBatch.root == root)
                .values(status="anchored", tx_hash=tx_hash, block_number=block)
            )
        logger.info("anchored batch %s of %d credentials in block %d", root, len(members), block)
        ANCHOR_BATCHES.inc()
        observe_anchor_lag(m.created_at for m in members)
        return len(members)

    async def _mark_taken(self, root: str, holder: str) -> None:
        """Take a batch out of the retry loop: ``resume`` re-sends only batches still building."""
        logger.error("batch %s is anchored by another account %s; not retrying", root, holder)
        async with self.db.session() as session:
            await session.execute(
                update(AnchorBatch).where(AnchorBatch.root == root).values(status="taken")
            )


def _bits(bits: Iterable[int]) -> int:
    mask = 0
    for bit in bits:
        mask |= (1 << bit) if bit >= 0 else 0  # a negative bit (generic credential) claims none
    return mask
