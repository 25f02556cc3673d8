"""The signing pool's default size, on systems with and without CPU affinity."""

from __future__ import annotations

import os

import pytest

from issuer import signpool


def test_the_affinity_counts_where_the_system_has_one() -> None:
    """Pinned to one core, the process counts one core and starts no pool."""
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("this system has no CPU affinity")  # macOS, Windows: the test below runs
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        assert signpool.usable_cores() == 1
        assert signpool.default_processes() == 0
    finally:
        os.sched_setaffinity(0, allowed)
    assert signpool.usable_cores() == len(allowed)


@pytest.mark.parametrize(("cores", "processes"), [(1, 0), (2, 1), (8, 1), (None, 0)])
def test_without_affinity_every_core_of_the_host_counts(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, processes: int
) -> None:
    """As on macOS: no ``sched_getaffinity``, so ``os.cpu_count`` (None counts as one core)."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert signpool.usable_cores() == (cores or 1)
    assert signpool.default_processes() == processes
