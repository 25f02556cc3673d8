"""How fast this machine runs right now: one fixed CPU-bound workload, timed.

A shared virtual machine's speed drifts (its host's other tenants): the same suite has been
seen to take twice as long an hour later, and for a few minutes within one run. Every run
reports this workload's time before each suite and after the last, so a figure can be read
against the speed it was measured at.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType

__all__ = ["REFERENCE", "CoreScaling", "reference_ms"]

#: What the workload is, as the figure names it.
REFERENCE = "reference workload (200k SHA-256 + 20k JSON round trips), CPU"


def reference_ms() -> float:
    """CPU milliseconds of the fixed workload: the median of three, in this process.

    Not the best of three: a slow spell comes and goes within seconds, and the best run hid it.
    """
    runs = []
    for _ in range(3):
        started = time.process_time()
        _workload()
        runs.append(time.process_time() - started)
    return statistics.median(runs) * 1000


def _workload() -> None:
    document = {"id": "urn:uuid:0", "values": list(range(20)), "name": "reference"}
    digest = b"reference"
    for _ in range(200_000):
        digest = hashlib.sha256(digest).digest()
    for _ in range(20_000):
        json.loads(json.dumps(document))


def _wall_seconds() -> float:
    started = time.perf_counter()
    _workload()
    return time.perf_counter() - started


class CoreScaling:
    """How much more work this machine does with every core busy than with one: its ceiling.

    On a shared host a core can slow down while the other is busy too (the host's own cores
    and caches are shared with its other tenants). The same workload in 1 process, then in one
    process per core at once, gives the most any service could gain from more worker processes
    at that moment. The processes start once, with the pool; a measurement takes about 1 s.
    """

    def __init__(self) -> None:
        self.cores = os.cpu_count() or 1
        self._pool = ProcessPoolExecutor(
            self.cores, mp_context=multiprocessing.get_context("spawn")
        )
        # A spawned pool starts a process only when a task finds none idle, and a starting
        # process spends a second or more of CPU on its imports: start them all now, each
        # busy until every one is up, or the first measurement would run beside a start.
        for started in [self._pool.submit(time.sleep, 0.5) for _ in range(self.cores)]:
            started.result()

    def measure(self) -> float:
        """Work done per second with every core busy, over one process alone.

        ``cores`` at best. One process runs alone before and after the busy run, and their mean
        is the baseline, so that a steady drift cancels; a spell shorter than that does not.
        """
        before = self._pool.submit(_wall_seconds).result()
        together = [
            f.result() for f in [self._pool.submit(_wall_seconds) for _ in range(self.cores)]
        ]
        after = self._pool.submit(_wall_seconds).result()
        return self.cores * (before + after) / 2 / statistics.mean(together)

    def __enter__(self) -> CoreScaling:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pool.shutdown()
