"""Where the CPU time of a run goes: the event loop, the other threads, the chain node.

This is the benchmark's profile. On a 2-core machine a run can go no faster than the CPU it
needs per item over two; the split shows which part that need comes from. The event loop's
thread runs all the Python; the other threads of the process are mostly aiosqlite's worker (the
SQLite library itself) and web3's; the chain node is its own process.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.benchmarks.figures import Figure

__all__ = ["CpuMeter", "descendants", "own_seconds", "process_seconds"]

_TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int | None) -> float:
    """User and system CPU seconds of another process so far (0 if it is gone)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (a service's workers, a pool's processes), from ``/proc``."""
    found: list[int] = []
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue  # the thread or process ended meanwhile
            found += children
            todo += children
    return found


def own_seconds() -> float:
    """User and system CPU seconds of this process so far."""
    times = os.times()
    return times.user + times.system


@dataclass
class CpuMeter:
    """Measures one run; ``figures`` gives milliseconds of CPU per item of each part."""

    node_pid: int | None
    spent: dict[str, float] = field(default_factory=dict)

    def __enter__(self) -> CpuMeter:
        self._start = (
            time.perf_counter(),
            time.thread_time(),
            own_seconds(),
            process_seconds(self.node_pid),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        wall, loop, own, node = self._start
        loop_spent = time.thread_time() - loop
        self.spent = {
            "wall": time.perf_counter() - wall,
            "event loop (Python)": loop_spent,
            # two clocks subtracted: with almost nothing off the loop, noise can dip below 0
            "other threads (sqlite)": max(0.0, own_seconds() - own - loop_spent),
            "chain node": process_seconds(self.node_pid) - node,
        }

    def figures(self, suite: str, run: str, items: int) -> list[Figure]:
        """CPU milliseconds per item of each part, and the rate two cores would allow."""
        parts = {k: v for k, v in self.spent.items() if k != "wall"}
        out = [
            Figure(suite, f"{run}: CPU per item, {part}", seconds / items * 1000, "ms")
            for part, seconds in parts.items()
        ]
        cpu_per_item = sum(parts.values()) / items
        cores = os.cpu_count() or 1
        out.append(
            Figure(
                suite,
                f"{run}: rate if all {cores} cores were busy",
                cores / cpu_per_item if cpu_per_item else 0.0,
                "1/s",
            )
        )
        return out
