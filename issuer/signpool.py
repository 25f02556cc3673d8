"""A process pool that seals bulk imports on several cores; request paths never use it.

Only certificate-list imports large enough to pay for it go here (``bulk_signing_min_rows``);
direct issuance and every verification stay in the service's own worker. The pool has
``bulk_signing_processes`` processes; unset, one on a host with 2 or more cores and none on one
core. One is enough on 2 cores: the event loop's own share of an import (building rows,
storing, anchoring: about 0.6-0.7 ms a credential) is then the limit, and in alternated trial
runs a pool of 2 imported no faster than a pool of 1 while holding about twice the memory. The
issuance bench (``scripts/benchmarks/issuance.py``) imports 10,000 rows with the default pool
and with it off, and reports the pool's memory. A service that is one of
several uvicorn workers never starts one: a pool in each worker would oversubscribe the cores.
Workers start with the ``spawn`` method (the service has threads; forking them is unsafe) and
receive the issuer's key in the initializer's pickled arguments, through the pool's pipe: never
on a command line or on disk. A worker exits when the service's process does, however it ends
(even ``SIGKILL``), so a crashed issuer leaves no pool behind.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from issuer.sealing import Sealed, SealJob, seal_all
from node.credentials import IssuerProfile, SigningKey
from node.errors import CreditBankError
from node.proofs import KeyPair

if TYPE_CHECKING:
    from issuer.context import IssuerContext
    from issuer.settings import IssuerSettings

__all__ = [
    "SigningPool",
    "bulk_pool",
    "close_pool",
    "default_processes",
    "pool_size",
    "usable_cores",
]

#: The worker's key and issuer profile, set once by ``_start``.
_WORKER: tuple[SigningKey, IssuerProfile] | None = None
#: Pieces per pool process in one call: small enough to balance, large enough to amortise IPC.
_PIECES_PER_PROCESS = 2


def _start(jwk: str, profile: IssuerProfile) -> None:
    """Pool initializer: load the key once per process, and go when the service goes."""
    global _WORKER  # noqa: PLW0603 - per-process state of a pool worker
    _WORKER = (SigningKey.from_pair(KeyPair.from_jwk(jwk)), profile)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: BaseProcess) -> None:
    """Wait for the service's process to end, then end this worker.

    A worker holds both ends of the pool's task pipe, so a parent that dies without shutting
    the pool down (killed, crashed) would leave it waiting for tasks for ever. The parent's
    sentinel is readable once the parent has gone, whatever way it went.
    """
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(0)


def _seal_piece(jobs: list[SealJob]) -> list[Sealed | CreditBankError]:
    if _WORKER is None:
        raise RuntimeError("signing pool worker not initialised")
    return seal_all(jobs, *_WORKER)


def pool_size(settings: IssuerSettings) -> int:
    """Processes for bulk signing: the setting, or none in one of several uvicorn workers.

    Unset, it is one process on a host with 2 cores or more, and none on one core.
    """
    if multiprocessing.parent_process() is not None:
        return 0  # one of several uvicorn workers: a pool in each would oversubscribe the cores
    if settings.bulk_signing_processes is None:
        return default_processes()
    return settings.bulk_signing_processes


def default_processes() -> int:
    """One signing process on a host with 2 cores or more (this process may use), else none."""
    return 1 if usable_cores() >= 2 else 0


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one (Linux).

    macOS and Windows have no ``sched_getaffinity``; there it is every core of the host.
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _ready() -> None:
    """A no-op task: submitting one per process starts them all at once."""


@contextmanager
def _main_module_not_imported() -> Iterator[None]:
    """Processes spawned in this block do not import the parent's ``__main__`` module.

    A spawned child imports the parent's main module first, unless that module was run as a
    package's ``__main__`` (``multiprocessing.spawn``). For ``creditbank serve`` the main module
    is the console script, whose import of the whole CLI cost each pool process ~2.3 s of CPU
    (``python -X importtime -c 'import creditbank.cli'``); the pool needs none of it, since
    what it runs lives in this module. So the block names the main module a ``__main__``.
    """
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    main.__spec__ = ModuleSpec("creditbank_signing_pool.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = spec


class SigningPool:
    """Seal jobs in worker processes, split into a few pieces per process."""

    def __init__(self, processes: int, key: SigningKey, profile: IssuerProfile) -> None:
        self.processes = processes
        self._executor = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(key.jwk, profile),
        )
        with _main_module_not_imported():  # processes start on submission: start them all now
            for _ in range(processes):
                self._executor.submit(_ready)

    async def seal(self, jobs: list[SealJob]) -> list[Sealed | CreditBankError]:
        """Seal every job in the pool; results in job order."""
        if not jobs:
            return []
        pieces = self.processes * _PIECES_PER_PROCESS
        size = -(-len(jobs) // pieces)
        loop = asyncio.get_running_loop()
        parts = await asyncio.gather(
            *(
                loop.run_in_executor(self._executor, _seal_piece, jobs[i : i + size])
                for i in range(0, len(jobs), size)
            )
        )
        return [sealed for part in parts for sealed in part]

    def close(self) -> None:
        """Stop the worker processes (pending pieces are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def bulk_pool(ctx: IssuerContext) -> SigningPool | None:
    """The context's pool, started on first use; None when pooling is off.

    The pool is also closed when its context is collected, should ``close_pool`` never run.
    """
    if ctx.signing_pool is None:
        processes = pool_size(ctx.settings)
        if processes <= 0:
            return None
        ctx.signing_pool = SigningPool(processes, ctx.key, ctx.profile)
        weakref.finalize(ctx, ctx.signing_pool.close)
    return ctx.signing_pool


def close_pool(ctx: IssuerContext) -> None:
    """Stop the context's pool if it was started (service shutdown)."""
    pool, ctx.signing_pool = ctx.signing_pool, None
    if pool is not None:
        pool.close()
