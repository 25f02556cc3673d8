"""Fresh registry reads asked for in one turn of the event loop, sent as one JSON-RPC batch.

The ten credentials of a presentation each read their status (the per-hash state and the
status list bit) at the same moment: twenty HTTP requests cost the verifier ~8 ms of CPU, one
JSON-RPC batch of them ~0.4 ms. Nothing is cached or merged: every read asked for is its own
``eth_call`` in the batch, made afresh at the chain's latest block, and its caller gets that
read's answer or error. A node that does not answer fails every read of the batch.
"""

from __future__ import annotations

import asyncio
from typing import Any

from node.chain import RegistryReader
from node.errors import CreditBankError

__all__ = ["MAX_BATCH", "FreshReads"]

#: Reads per JSON-RPC batch (nodes cap batches; geth and besu at 1,000 and more).
MAX_BATCH = 100

_Pending = tuple[str, tuple[Any, ...], "asyncio.Future[Any]"]


class FreshReads:
    """Collects the views read during one loop turn and sends them together once it ends."""

    def __init__(self, registry: RegistryReader, *, max_batch: int = MAX_BATCH) -> None:
        self.registry = registry
        self.max_batch = max_batch
        self._pending: list[_Pending] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sending: set[asyncio.Task[None]] = set()

    async def read(self, fn: str, *args: Any) -> Any:
        """The view ``fn(*args)`` read now, in the batch of this loop turn."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # reads queued on a loop that has ended can never be sent
            self._pending, self._loop = [], loop
        future: asyncio.Future[Any] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((fn, args, future))
        return await future

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for start in range(0, len(pending), self.max_batch):
            task = asyncio.ensure_future(self._send(pending[start : start + self.max_batch]))
            self._sending.add(task)  # held until done: the loop keeps only weak references
            task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[_Pending]) -> None:
        waiting = [read for read in batch if not read[2].done()]  # not the callers who gave up
        if not waiting:
            return
        try:
            results = await self.registry.read_many([(fn, args) for fn, args, _ in waiting])
        except asyncio.CancelledError:
            for _, _, future in waiting:
                future.cancel()
            raise
        except Exception as exc:  # the node did not answer: no read of the batch holds
            for _, _, future in waiting:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, _, future), result in zip(waiting, results, strict=True):
            if future.done():
                continue
            if isinstance(result, CreditBankError):
                future.set_exception(result)
            else:
                future.set_result(result)
