"""The machine-ceiling measurement of the workers suite: its processes are up before it measures."""

from __future__ import annotations

from scripts.benchmarks.machine import CoreScaling


def test_every_process_of_the_pool_is_started_with_it() -> None:
    """A process that starts during a measurement would measure its own imports, not the cores."""
    with CoreScaling() as machine:
        started = {pid for pid, process in machine._pool._processes.items() if process.is_alive()}  # noqa: SLF001 - the pool's own processes
        assert len(started) == machine.cores
        ceiling = machine.measure()
        assert set(machine._pool._processes) == started  # noqa: SLF001 - none started late
    assert 0 < ceiling <= machine.cores * 1.5  # a ratio of work rates, not a time
