"""cProfile of verifying presentations of ten never seen before, as the verification suite does.

A fresh ``Verifier`` (only chain reads shared by credentials stay cached) verifies ``count``
new presentations; prints the median and p95 unprofiled with this process's CPU time per
presentation (the chain node's is not in it; on a loaded machine it varies far less than the
wall clock), then the profile of a second set.
Usage: ``.venv/bin/python -m scripts.benchmarks.profile_presentation [count] [lines]``.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import time

from node.documents import load_demo_framework
from node.verification import Verifier
from scripts.benchmarks.chain import bench_chain
from scripts.benchmarks.figures import median, percentile
from scripts.benchmarks.verification import _fresh_presentations, _presentation_latencies


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
        stats.sort_stats("cumulative").print_stats(lines)
        stats.sort_stats("tottime").print_stats(lines)


def main(count: int = 20, lines: int = 40) -> None:
    """Print latencies of unseen presentations, then their profile."""
    asyncio.run(_run(count, lines))


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
