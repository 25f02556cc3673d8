"""Indexer catch-up: registry events read and stored per second from a long chain.

The baseline is the node alone: the same ranges fetched with ``eth_getLogs`` and nothing
decoded or stored.
"""

from __future__ import annotations

import hashlib
import os
import time
from typing import Any

from node.chain.artifacts import load_artifact
from node.indexer import EventIndexer
from node.merkle import MerkleTree
from node.storage import Database
from node.types import Bytes32
from scripts.benchmarks.chain import SCOPE, BenchChain
from scripts.benchmarks.figures import Figure

__all__ = ["run_indexer"]

SUITE = "indexer"


async def run_indexer(chain: BenchChain, batches: int = 300) -> list[Figure]:
    """Anchor ``batches`` batches (one event and one block each), then index from scratch."""
    issuer = await chain.accredited_issuer()
    registry = chain.ledger.registry
    for _ in range(batches):
        root = MerkleTree([Bytes32(hashlib.sha256(os.urandom(32)).digest())]).root
        await registry.anchor_batch(issuer.account, root, 1, SCOPE)
    head = await chain.ledger.client.call(lambda w3: w3.eth.block_number)
    db = Database(f"sqlite+aiosqlite:///{chain.settings.data_dir / 'indexer-bench.db'}")
    await db.create()
    try:
        indexer = EventIndexer(
            chain.ledger.client, db, chain.ledger.deployment.address, load_artifact().abi
        )
        fetched, raw_elapsed = await _fetch_only(chain, indexer.chunk_blocks, head)
        started = time.perf_counter()
        stored = await indexer.sync()
        elapsed = time.perf_counter() - started
    finally:
        await db.close()
    if stored != fetched:
        raise RuntimeError(f"the indexer stored {stored} events of {fetched}")
    raw = fetched / raw_elapsed
    return [
        Figure(
            SUITE, f"events per second, catching up {head} blocks", stored / elapsed, "1/s",
            raw, "eth_getLogs alone",
        ),
        Figure(SUITE, "blocks per second, catching up", head / elapsed, "1/s", head / raw_elapsed,
               "eth_getLogs alone"),
    ]  # fmt: skip


async def _fetch_only(chain: BenchChain, chunk: int, head: int) -> tuple[int, float]:
    """Events fetched over the indexer's ranges with nothing done to them, and the time taken."""
    address = chain.ledger.deployment.address
    fetched = 0
    started = time.perf_counter()
    for start in range(0, head + 1, chunk):
        end = min(start + chunk - 1, head)

        async def read(w3: Any, s: int = start, e: int = end) -> list[Any]:
            return list(await w3.eth.get_logs({"address": address, "fromBlock": s, "toBlock": e}))

        logs = await chain.ledger.client.call(read)
        fetched += len(logs)
    return fetched, time.perf_counter() - started
