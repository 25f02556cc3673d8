"""Scale: verification and history queries as the registry grows; they should stay flat.

The registry is grown with batches of 1,000 random credential hashes (hashes only: nothing to
sign); one real credential is verified, and its history read, at each size.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from node.chain.artifacts import load_artifact
from node.credentials import SigningKey, credential_hash
from node.documents import load_demo_framework
from node.indexer import EventIndexer, History
from node.merkle import MerkleTree
from node.storage import Database
from node.types import Bytes32, to_bytes32
from node.verification import Verifier
from scripts.benchmarks.chain import SCOPE, BenchChain
from scripts.benchmarks.figures import Figure, median

__all__ = ["run_scale"]

SUITE = "scale"
BATCH = 1000


async def _median_ms(work: Callable[[], Awaitable[Any]], samples: int) -> float:
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        await work()
        timings.append((time.perf_counter() - started) * 1000)
    return median(timings)


async def run_scale(
    chain: BenchChain, sizes: tuple[int, ...] = (1_000, 100_000, 1_000_000), samples: int = 30
) -> list[Figure]:
    """Median verification (cold) and history-query latency at each registry size."""
    issuer = await chain.accredited_issuer()
    registry = chain.ledger.registry
    learner = await SigningKey.create()
    vc = await issuer.sign(learner.did, 0)
    [receipt] = await chain.anchor(issuer, [vc])
    verifier = Verifier(registry, cache_entries=0, framework=load_demo_framework())
    db = Database(f"sqlite+aiosqlite:///{chain.settings.data_dir / 'scale-bench.db'}")
    await db.create()
    indexer = EventIndexer(
        chain.ledger.client, db, chain.ledger.deployment.address, load_artifact().abi
    )
    history = History(db)
    digest = credential_hash(vc)
    root = to_bytes32(receipt["root"])
    anchored, figures = 1, []
    first: dict[str, float] = {}
    try:
        for size in sizes:
            while anchored < size:
                count = min(BATCH, size - anchored)
                hashes = [Bytes32(hashlib.sha256(os.urandom(32)).digest()) for _ in range(count)]
                tree = MerkleTree(hashes)
                await registry.anchor_batch(issuer.account, tree.root, count, SCOPE)
                anchored += count
            await indexer.sync()

            async def verify() -> None:
                assert (await verifier.verify_credential(vc, receipt)).valid

            async def lookup() -> None:
                assert await history.credential(digest, root)

            for name, work in (
                ("verify 1 credential", verify),
                ("history of 1 credential", lookup),
            ):
                value = await _median_ms(work, samples)
                first.setdefault(name, value)
                figures.append(
                    Figure(
                        SUITE, f"{name}, {anchored:,} anchored, median", value, "ms",
                        first[name], f"at {sizes[0]:,}",
                    )
                )  # fmt: skip
    finally:
        await db.close()
    return figures
