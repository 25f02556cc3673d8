"""Group commit: concurrent submissions share batches, and each caller gets its own outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from node.coalesce import Coalescer


class Recorder:
    """A batch function that records its batches and holds each one until released."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()

    async def run(self, items: list[int]) -> Sequence[int | Exception]:
        self.batches.append(items)
        await self.release.wait()
        return [ValueError(f"odd {i}") if i % 2 else i * 10 for i in items]


async def test_calls_that_arrive_during_a_batch_share_the_next_one() -> None:
    recorder = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(recorder.run)
    first = asyncio.create_task(coalescer.submit(0))
    await asyncio.sleep(0)  # the first batch starts at once, alone
    rest = [asyncio.create_task(coalescer.submit(i)) for i in (2, 4, 6)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 0
    assert [await t for t in rest] == [20, 40, 60]
    assert recorder.batches == [[0], [2, 4, 6]]


async def test_an_item_error_reaches_only_its_own_caller() -> None:
    recorder = Recorder()
    recorder.release.set()
    coalescer: Coalescer[int, int] = Coalescer(recorder.run)
    good, bad = coalescer.submit(2), coalescer.submit(3)
    outcomes = await asyncio.gather(good, bad, return_exceptions=True)
    assert outcomes[0] == 20
    assert isinstance(outcomes[1], ValueError) and str(outcomes[1]) == "odd 3"


async def test_a_failed_batch_fails_its_callers_and_the_next_batch_still_runs() -> None:
    calls: list[list[int]] = []

    async def flaky(items: list[int]) -> Sequence[int | Exception]:
        calls.append(items)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return items

    coalescer: Coalescer[int, int] = Coalescer(flaky)
    with pytest.raises(RuntimeError, match="database went away"):
        await coalescer.submit(1)
    assert await coalescer.submit(2) == 2
    assert calls == [[1], [2]]


async def test_a_batch_function_that_loses_items_fails_them_instead_of_hanging() -> None:
    async def lossy(items: list[int]) -> Sequence[int | Exception]:
        return items[:-1]

    coalescer: Coalescer[int, int] = Coalescer(lossy)
    with pytest.raises(RuntimeError, match="0 outcomes for a batch of 1"):
        await asyncio.wait_for(coalescer.submit(1), 5)


async def test_batches_never_exceed_max_batch_and_keep_order() -> None:
    recorder = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(recorder.run, max_batch=2)
    tasks = [asyncio.create_task(coalescer.submit(i)) for i in (0, 2, 4, 6, 8)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert [await t for t in tasks] == [0, 20, 40, 60, 80]
    assert recorder.batches == [[0, 2], [4, 6], [8]]


async def test_a_caller_that_goes_away_does_not_stop_the_others() -> None:
    recorder = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(recorder.run)
    leaving = asyncio.create_task(coalescer.submit(0))
    staying = asyncio.create_task(coalescer.submit(2))
    await asyncio.sleep(0)
    leaving.cancel()
    recorder.release.set()
    assert await staying == 20
    assert recorder.batches == [[0, 2]]


def test_max_batch_must_be_positive() -> None:
    async def run(items: list[int]) -> Sequence[int | Exception]:
        return items

    with pytest.raises(ValueError, match="at least 1"):
        Coalescer(run, max_batch=0)
