"""Group commit: calls that arrive while a batch is in flight go together in the next batch.

A service that answers one item per request (``POST /issuance``) pays per-transaction costs,
an fsync and a status-index block, per request. Under concurrency that serialises on the
database. ``Coalescer`` lets each request wait for its own result while the work runs in
batches: the first caller starts a batch at once (no added latency when idle), and whoever
arrives while it runs joins the next one. Batches grow with the load and shrink with it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["Coalescer"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: The batch function: one outcome per item, in order; an exception in place fails that item.
BatchRun = Callable[[list[T]], Awaitable[Sequence[R | Exception]]]


class Coalescer(Generic[T, R]):
    """Submit items one at a time; they are run ``max_batch`` at most at a time, in order."""

    def __init__(self, run: BatchRun[T, R], *, max_batch: int = 256) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._run = run
        self.max_batch = max_batch
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Run ``item`` with whatever else is waiting; its own outcome, or its own exception."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        # a caller that goes away (a client disconnecting) does not stop its batch
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        """Run batches until nothing waits; a batch's failure fails only its own callers."""
        while self._waiting:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            try:
                outcomes = await self._run([item for item, _ in batch])
                if len(outcomes) != len(batch):
                    raise RuntimeError(f"{len(outcomes)} outcomes for a batch of {len(batch)}")
            except Exception as exc:  # noqa: BLE001 - handed to every caller of the batch
                outcomes = [exc] * len(batch)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
