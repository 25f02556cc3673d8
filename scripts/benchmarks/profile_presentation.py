"""cProfile of verifying presentations of ten never seen before, as the verification suite does.

A fresh ``Verifier`` (only chain reads shared by credentials stay cached) verifies ``count``
new presentations; prints the median and p95 unprofiled with this process's CPU time per
presentation (the chain node's is not in it; on a loaded machine it varies far less than the
wall clock), then the profile of a second set: its split by part of the work (cumulative, so
the indented parts are inside the line above them), then the top functions.
Usage: ``.venv/bin/python -m scripts.benchmarks.profile_presentation [count] [lines]``.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import time
from typing import Any

from node.documents import load_demo_framework
from node.verification import Verifier
from scripts.benchmarks.chain import bench_chain
from scripts.benchmarks.figures import median, percentile
from scripts.benchmarks.verification import _fresh_presentations, _presentation_latencies

#: (label, file path part, function) of the parts of the work the split names.
PARTS = (
    ("proofs (all of them: verify_proofs)", "proofs/documents.py", "verify_proofs"),
    ("  JSON-LD expansion (pyld)", "proofs/rdf.py", "expand_fresh"),
    ("  quads of the expansion", "proofs/quads.py", "labelled_quads"),
    ("  IRI checks", "proofs/rdf.py", "_check_iris"),
    ("  RDFC-1.0 canonicalization", "proofs/canon.py", "canonical_nquads"),
    ("  proof configurations", "suites/base.py", "config_hash"),
    ("  Ed25519", "suites/base.py", "verify"),
    ("  shape checks", "proofs/rdf.py", "check_shape"),
    ("chain reads (batched)", "chain/reader.py", "read_many"),
    ("  result decoding", "chain/reader.py", "_result"),
    ("receipt check (Merkle path)", "verification/anchor_checks.py", "check_receipt"),
    ("credential hash", "verification/verifier.py", "_safe_hash"),
    ("schema check", "verification/verifier.py", "_schema"),
    ("supported check", "verification/local_checks.py", "check_supported"),
)


def _split(stats: pstats.Stats, count: int) -> None:
    """Milliseconds per presentation (profiled) and share of the whole, for each part."""
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = max(row[3] for row in table.values())
    print(f"{'whole (event loop)':44s} {total * 1000 / count:7.2f} ms  100.0%")
    for label, path, function in PARTS:
        spent = sum(row[3] for key, row in table.items() if path in key[0] and key[2] == function)
        print(f"{label:44s} {spent * 1000 / count:7.2f} ms {100 * spent / total:6.1f}%")


async def _run(count: int, lines: int) -> None:
    async with bench_chain() as chain:
        issuer = await chain.accredited_issuer()
        fresh = await _fresh_presentations(chain, issuer, 2 * count + 1)
        verifier = Verifier(chain.ledger.registry, framework=load_demo_framework())
        await _presentation_latencies(verifier, fresh[:1])
        cpu = time.process_time()
        idle = await _presentation_latencies(verifier, fresh[1 : count + 1])
        cpu_ms = (time.process_time() - cpu) * 1000 / count
        print(
            f"presentation of 10 never seen: median {median(idle):.1f} ms, "
            f"p95 {percentile(idle, 0.95):.1f} ms, this process's CPU {cpu_ms:.1f} ms each "
            f"(loadavg {os.getloadavg()[0]:.2f})"
        )
        profiler = cProfile.Profile()
        profiler.enable()
        await _presentation_latencies(verifier, fresh[count + 1 :])
        profiler.disable()
        stats = pstats.Stats(profiler)
        print("split of the profiled presentations, per presentation (profiled times):")
        _split(stats, count)
        stats.sort_stats("cumulative").print_stats(lines)
        stats.sort_stats("tottime").print_stats(lines)


def main(count: int = 20, lines: int = 40) -> None:
    """Print latencies of unseen presentations, then their profile."""
    asyncio.run(_run(count, lines))


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
