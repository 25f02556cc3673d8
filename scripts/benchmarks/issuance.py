"""Issuance through the Python core, against raw didkit signing in the same process.

The core does what the issuer does in bulk: build, sign, hash, store, batch and anchor. Both
runs keep 8 signings in flight.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import issuer.models  # noqa: F401 - registers the issuer's tables
from issuer.models import IssuedCredential
from node.credentials import SigningKey, credential_hash
from node.merkle import MerkleTree
from node.storage import Database
from scripts.benchmarks.chain import SCOPE, BenchChain, BenchIssuer
from scripts.benchmarks.figures import Figure

__all__ = ["run_issuance"]

SUITE = "issuance"
IN_FLIGHT = 8
BATCH = 1000
TARGET_RATE = 1000.0
TARGET_RATIO = 0.6


async def _bounded(items: int, work: Callable[[int], Awaitable[Any]]) -> list[Any]:
    """Run ``work(i)`` for every item with ``IN_FLIGHT`` at once, results in order."""
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def one(i: int) -> Any:
        async with slots:
            return await work(i)

    return await asyncio.gather(*(one(i) for i in range(items)))


async def _pipeline(
    chain: BenchChain, who: BenchIssuer, learner: str, count: int, db: Database
) -> None:
    """What the issuer does per credential, in bulk: sign, hash, store, then batch and anchor."""
    signed = await _bounded(count, lambda i: who.sign(learner, i))
    rows = [
        IssuedCredential(
            credential_id=vc["id"],
            credential_hash="0x" + credential_hash(vc).hex(),
            learner_did=learner,
            standard_code=f"BENCH-IT-{i}",
            field_bit=0,
            type_bit=0,
            level=4,
            body=json.dumps(vc, separators=(",", ":")),
            status="signed",
        )
        for i, vc in enumerate(signed)
    ]
    async with db.session() as session:
        session.add_all(rows)
    for start in range(0, count, BATCH):
        chunk = rows[start : start + BATCH]
        tree = MerkleTree([bytes.fromhex(r.credential_hash[2:]) for r in chunk])
        await chain.ledger.registry.anchor_batch(who.account, tree.root, len(chunk), SCOPE)


async def run_issuance(chain: BenchChain, count: int = 10_000) -> list[Figure]:
    """Credentials per second end to end through the core, and raw signing, same run."""
    who = await chain.accredited_issuer()
    learner = (await SigningKey.create()).did
    started = time.perf_counter()
    await _bounded(count, lambda i: who.sign(learner, i))
    raw_rate = count / (time.perf_counter() - started)
    db = Database(f"sqlite+aiosqlite:///{chain.settings.data_dir / 'issuance-bench.db'}")
    await db.create()
    try:
        started = time.perf_counter()
        await _pipeline(chain, who, learner, count, db)
        core_rate = count / (time.perf_counter() - started)
    finally:
        await db.close()
    return [
        Figure(SUITE, "raw didkit signing", raw_rate, "1/s"),
        Figure(
            SUITE, f"{count:,} credentials end to end (core)", core_rate, "1/s",
            raw_rate, "raw signing", f">= {TARGET_RATE:.0f}/s and >= {TARGET_RATIO} x raw",
            core_rate >= TARGET_RATE and core_rate >= TARGET_RATIO * raw_rate,
        ),
    ]  # fmt: skip
