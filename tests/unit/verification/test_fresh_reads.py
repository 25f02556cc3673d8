"""FreshReads: the reads of one loop turn go as one batch; each caller gets its own answer."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from node.chain import RegistryReader
from node.errors import ChainUnavailableError, ContractRevertError
from node.verification.fresh_reads import FreshReads


class BatchRegistry:
    """Answers each read with its arguments; refuses ``refused``; counts the batches."""

    def __init__(self, *, down: bool = False) -> None:
        self.batches: list[list[tuple[str, tuple[Any, ...]]]] = []
        self.down = down
        self.release = asyncio.Event()
        self.release.set()

    async def read_many(self, calls: list[tuple[str, tuple[Any, ...]]]) -> list[Any]:
        self.batches.append(list(calls))
        await self.release.wait()
        if self.down:
            raise ChainUnavailableError("node down", nodes=["fake://node"])
        return [
            ContractRevertError(f"{fn} refused") if fn == "refused" else (fn, *args)
            for fn, args in calls
        ]


def _reads(registry: BatchRegistry, max_batch: int = 100) -> FreshReads:
    return FreshReads(cast(RegistryReader, registry), max_batch=max_batch)


async def test_reads_of_one_turn_go_as_one_batch_each_with_its_answer() -> None:
    registry = BatchRegistry()
    reads = _reads(registry)
    answers = await asyncio.gather(*(reads.read("state", n) for n in range(10)))
    assert answers == [("state", n) for n in range(10)]
    assert len(registry.batches) == 1 and len(registry.batches[0]) == 10
    # nothing is kept: the same read asked again is read again, in a batch of its own
    assert await reads.read("state", 3) == ("state", 3)
    assert len(registry.batches) == 2


async def test_a_refused_read_fails_only_its_caller() -> None:
    reads = _reads(BatchRegistry())
    answers = await asyncio.gather(
        reads.read("state", 1), reads.read("refused"), reads.read("state", 2),
        return_exceptions=True,
    )  # fmt: skip
    assert answers[0] == ("state", 1) and answers[2] == ("state", 2)
    assert isinstance(answers[1], ContractRevertError)


async def test_a_node_that_is_down_fails_every_read_of_the_batch() -> None:
    reads = _reads(BatchRegistry(down=True))
    answers = await asyncio.gather(
        *(reads.read("state", n) for n in range(3)), return_exceptions=True
    )
    assert all(isinstance(a, ChainUnavailableError) for a in answers)


async def test_batches_are_split_at_the_bound() -> None:
    registry = BatchRegistry()
    reads = _reads(registry, max_batch=4)
    answers = await asyncio.gather(*(reads.read("state", n) for n in range(10)))
    assert answers == [("state", n) for n in range(10)]
    assert [len(b) for b in registry.batches] == [4, 4, 2]


async def test_a_caller_that_gives_up_leaves_the_others_their_answers() -> None:
    registry = BatchRegistry()
    registry.release.clear()
    reads = _reads(registry)
    kept = asyncio.ensure_future(reads.read("state", 1))
    dropped = asyncio.ensure_future(reads.read("state", 2))
    await asyncio.sleep(0.01)  # the batch is at the node
    dropped.cancel()
    registry.release.set()
    assert await kept == ("state", 1)
    with pytest.raises(asyncio.CancelledError):
        await dropped
    assert await reads.read("state", 3) == ("state", 3)  # later reads still go out
