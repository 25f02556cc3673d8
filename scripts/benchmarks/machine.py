"""How fast this machine runs right now: one fixed CPU-bound workload, timed.

A shared virtual machine's speed drifts (its host's other tenants): the same suite has been
seen to take twice as long an hour later, and for a few minutes within one run. Every run
reports this workload's time before each suite and after the last, so a figure can be read
against the speed it was measured at.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time

__all__ = ["REFERENCE", "reference_ms"]

#: What the workload is, as the figure names it.
REFERENCE = "reference workload (200k SHA-256 + 20k JSON round trips), CPU"


def reference_ms() -> float:
    """CPU milliseconds of the fixed workload: the median of three, in this process.

    Not the best of three: a slow spell comes and goes within seconds, and the best run hid it.
    """
    document = {"id": "urn:uuid:0", "values": list(range(20)), "name": "reference"}
    runs = []
    for _ in range(3):
        started = time.process_time()
        digest = b"reference"
        for _ in range(200_000):
            digest = hashlib.sha256(digest).digest()
        for _ in range(20_000):
            json.loads(json.dumps(document))
        runs.append(time.process_time() - started)
    return statistics.median(runs) * 1000
