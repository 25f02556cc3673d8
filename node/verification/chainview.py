"""Registry reads for verification, caching what the chain can never change.

A batch record never changes once anchored. The accreditation entry in force at a moment
``t`` (and so the answer of ``isAccreditedAt`` at ``t``) never changes once a block newer than
``t`` exists, because every later history entry is recorded at a later block's timestamp.
Credential state (revocation, suspension), per hash or as a status list bit, changes at any
time and is always read afresh; the state reads asked for at one moment (a presentation's
ten credentials) go to the node as one JSON-RPC batch (``FreshReads``), each read its own.

Identical reads in flight at once are made once: the ten credentials of a presentation
usually share an issuer and a batch, and read the same entries at the same moment.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from node.chain import (
    Accreditation,
    Batch,
    CredentialState,
    CredentialStatus,
    RegistryReader,
    Scope,
    map_chain_errors,
)
from node.types import Bytes32
from node.verification.fresh_reads import FreshReads

__all__ = ["ChainView", "LruCache"]

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A bounded mapping that forgets the least recently used entry first."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The cached value, marking it recently used."""
        if key not in self._items:
            return None
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: K, value: V) -> None:
        """Remember a value, evicting the oldest beyond the bound."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.max_entries:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class ChainView:
    """The registry as a verifier reads it: immutable answers cached, status always fresh."""

    def __init__(
        self, registry: RegistryReader, *, max_entries: int = 10_000, batch_reads: bool = True
    ) -> None:
        self.registry = registry
        #: fresh reads batched per loop turn; None: one request per read
        self.fresh = FreshReads(registry) if batch_reads else None
        self._batches: LruCache[Bytes32, Batch] = LruCache(max_entries)
        self._entries: LruCache[tuple[str, int], Accreditation] = LruCache(max_entries)
        self._covers: LruCache[tuple[str, Scope, int], bool] = LruCache(max_entries)
        self._head_timestamp = 0
        self._in_flight: dict[Hashable, asyncio.Future[Any]] = {}

    @property
    def node(self) -> str:
        """The chain node currently read."""
        return self.registry.client.url

    @property
    def chain_id(self) -> int:
        """The chain this view reads."""
        return self.registry.client.chain_id

    @property
    def address(self) -> str:
        """The registry this view reads."""
        return str(self.registry.address)

    async def _once(self, key: Hashable, read: Callable[[], Awaitable[V]]) -> V:
        """``read()``, shared with every caller that asks for ``key`` while it runs."""
        running = self._in_flight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[V] = asyncio.ensure_future(read())
        self._in_flight[key] = future
        future.add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(future)

    def _forget(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        """Drop a finished read; its failure is retrieved even if every caller gave up."""
        self._in_flight.pop(key, None)
        if not done.cancelled():
            done.exception()

    async def _head(self) -> int:
        with map_chain_errors():
            block = await self.registry.client.call(lambda w3: w3.eth.get_block("latest"))
        return int(block["timestamp"])

    async def _settled(self, timestamp: int) -> bool:
        """Whether a block newer than ``timestamp`` exists (the chain head only grows)."""
        if timestamp < self._head_timestamp:
            return True
        head = await self._once("head", self._head)
        self._head_timestamp = max(self._head_timestamp, head)
        return timestamp < self._head_timestamp

    async def batch(self, root: Bytes32) -> Batch:
        """Who anchored a root and when; cached once anchored."""
        cached = self._batches.get(root)
        if cached is not None:
            return cached
        batch = await self._once(("batch", root), lambda: self.registry.batch(root))
        if batch.exists:
            self._batches.put(root, batch)
        return batch

    async def accreditation_at(self, account: str, timestamp: int) -> Accreditation:
        """The accreditation entry in force at a moment; cached once the moment is past."""
        key = (account, timestamp)
        cached = self._entries.get(key)
        if cached is not None:
            return cached
        entry = await self._once(
            ("entry", *key), lambda: self.registry.accreditation_at(account, timestamp)
        )
        if await self._settled(timestamp):
            self._entries.put(key, entry)
        return entry

    async def is_accredited_at(self, account: str, scope: Scope, timestamp: int) -> bool:
        """The registry's own answer for a scope at a moment; cached once the moment is past."""
        key = (account, scope, timestamp)
        cached = self._covers.get(key)
        if cached is not None:
            return cached
        covered = await self._once(
            ("covers", *key), lambda: self.registry.is_accredited_at(account, scope, timestamp)
        )
        if await self._settled(timestamp):
            self._covers.put(key, covered)
        return covered

    async def credential_state(self, account: str, credential_hash: Bytes32) -> CredentialState:
        """Active, suspended or revoked by an issuer account, read afresh every time."""
        if self.fresh is None:
            return await self.registry.credential_state(account, credential_hash)
        return CredentialState.from_abi(
            await self.fresh.read("credentialState", account, credential_hash)
        )

    async def index_status(self, account: str, index: int) -> CredentialStatus:
        """The status bit at ``index`` in an issuer account's lists, read afresh every time."""
        if self.fresh is None:
            return await self.registry.index_status(account, index)
        return CredentialStatus(int(await self.fresh.read("indexStatus", account, index)))
