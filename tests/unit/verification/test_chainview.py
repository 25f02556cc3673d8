"""ChainView makes identical reads in flight once, shares their failures, and survives a
caller that gives up."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from node.chain import Batch, RegistryClient
from node.errors import ChainUnavailableError
from node.verification.chainview import ChainView
from tests.unit.verification.fakes import EmptyRegistry

ROOT = b"\x01" * 32
ANCHORED = Batch(cast(Any, "0x" + "cd" * 20), 1_700_000_000, 7)


class SlowRegistry(EmptyRegistry):
    """Answers once ``release`` is set; counts the reads that reach it."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.fail = fail

    async def batch(self, root: bytes) -> Batch:
        self.calls += 1
        await self.release.wait()
        if self.fail:
            raise ChainUnavailableError("node down", nodes=["fake://node"])
        return ANCHORED


def _view(registry: SlowRegistry, entries: int) -> ChainView:
    return ChainView(cast(RegistryClient, registry), max_entries=entries)


@pytest.mark.parametrize("entries", [0, 100])
async def test_identical_reads_in_flight_reach_the_node_once(entries: int) -> None:
    registry = SlowRegistry()
    view = _view(registry, entries)
    readers = [asyncio.create_task(view.batch(ROOT)) for _ in range(10)]
    await asyncio.sleep(0)
    registry.release.set()
    assert await asyncio.gather(*readers) == [ANCHORED] * 10
    assert registry.calls == 1
    await view.batch(ROOT)  # a later read is a new read unless the answer was cached
    assert registry.calls == (2 if entries == 0 else 1)


async def test_a_failed_read_fails_every_caller_and_is_not_remembered() -> None:
    registry = SlowRegistry(fail=True)
    view = _view(registry, 100)
    readers = [asyncio.create_task(view.batch(ROOT)) for _ in range(3)]
    await asyncio.sleep(0)
    registry.release.set()
    results = await asyncio.gather(*readers, return_exceptions=True)
    assert all(isinstance(r, ChainUnavailableError) for r in results)
    registry.fail = False
    assert await view.batch(ROOT) == ANCHORED
    assert registry.calls == 2


async def test_a_caller_that_gives_up_does_not_cancel_the_others() -> None:
    registry = SlowRegistry()
    view = _view(registry, 0)
    impatient = asyncio.create_task(view.batch(ROOT))
    patient = asyncio.create_task(view.batch(ROOT))
    await asyncio.sleep(0)
    impatient.cancel()
    await asyncio.sleep(0)
    registry.release.set()
    assert await patient == ANCHORED
    assert impatient.cancelled()
    assert registry.calls == 1
