"""Reads registry logs block range by block range, stores them, and resumes after a restart.

A reorganisation is noticed when the stored cursor's block hash no longer matches the chain:
the indexer then drops what it stored from the last ``reorg_depth`` blocks and reads them again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

from sqlalchemy import delete, insert
from web3.types import LogReceipt

from node.chain.calls import event_codecs_of
from node.chain.client import ChainClient
from node.storage import ChainEvent, ChainEventKey, Database, IndexerCursor
from node.types import Address

__all__ = ["EventIndexer", "event_keys"]

logger = logging.getLogger(__name__)

#: Event argument names that identify what an event is about.
_KEY_PREFIX = {
    "credentialHash": "credential",
    "sources": "credential",
    "root": "root",
    "conversionId": "conversion",
    "programmeId": "programme",
    "seriesId": "series",
    "proposalId": "proposal",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def event_keys(args: dict[str, Any], address_args: set[str]) -> set[str]:
    """The subjects of one decoded event, as ``prefix:value`` strings."""
    keys: set[str] = set()
    for name, value in args.items():
        if name in address_args:
            keys.add(f"account:{str(value).lower()}")
        prefix = _KEY_PREFIX.get(name)
        if prefix is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            keys.add(f"{prefix}:{str(item).lower()}")
    return keys


class EventIndexer:
    """Follows one contract's events into ``chain_event`` and ``chain_event_key``."""

    def __init__(
        self,
        client: ChainClient,
        db: Database,
        address: Address,
        abi: list[dict[str, Any]],
        *,
        start_block: int = 0,
        name: str = "registry",
        chunk_blocks: int = 2000,
        reorg_depth: int = 64,
    ) -> None:
        self.client = client
        self.db = db
        self.address = address
        self.abi = abi
        self.start_block = start_block
        self.name = f"{name}:{client.chain_id}:{address.lower()}"
        self.chunk_blocks = chunk_blocks
        self.reorg_depth = reorg_depth
        # decoded with codecs built once: web3's own log decoding cost about 1 ms per event
        self._codecs = event_codecs_of(abi)
        self._address_args = {
            codec.name: {
                p["name"] for p in codec.indexed + codec.unindexed if p["type"] == "address"
            }
            for codec in self._codecs.values()
        }

    def _decode(self, log: LogReceipt) -> tuple[str, dict[str, Any], set[str]] | None:
        topic0 = bytes(log["topics"][0]) if log["topics"] else b""
        codec = self._codecs.get(topic0)
        if codec is None:
            return None
        args = _jsonable(codec.args(log["topics"], log["data"]))
        return codec.name, args, event_keys(args, self._address_args[codec.name])

    async def _cursor(self) -> IndexerCursor | None:
        async with self.db.session() as session:
            return cast(IndexerCursor | None, await session.get(IndexerCursor, self.name))

    async def _rewind_if_reorged(self) -> int:
        """The next block to read, after undoing blocks a reorganisation replaced."""
        cursor = await self._cursor()
        if cursor is None:
            return self.start_block
        block = await self.client.call(lambda w3: w3.eth.get_block(cursor.block_number))
        if "0x" + bytes(block["hash"]).hex() == cursor.block_hash:
            return cursor.block_number + 1
        rewind_to = max(self.start_block, cursor.block_number - self.reorg_depth)
        logger.warning(
            "reorganisation below block %d: re-reading from %d", cursor.block_number, rewind_to
        )
        async with self.db.session() as session:
            await session.execute(delete(ChainEvent).where(ChainEvent.block_number >= rewind_to))
            await session.execute(delete(IndexerCursor).where(IndexerCursor.name == self.name))
        return rewind_to

    async def sync(self, to_block: int | None = None) -> int:
        """Read every new block up to ``to_block`` (default: the head); returns events stored."""
        head = (
            to_block
            if to_block is not None
            else await self.client.call(lambda w3: w3.eth.block_number)
        )
        start = await self._rewind_if_reorged()
        stored = 0
        while start <= head:
            end = min(start + self.chunk_blocks - 1, head)
            stored += await self._read_range(start, end)
            start = end + 1
        return stored

    async def _read_range(self, start: int, end: int) -> int:
        logs = await self.client.call(
            lambda w3: w3.eth.get_logs(
                {"address": self.address, "fromBlock": start, "toBlock": end}
            )
        )
        end_block = await self.client.call(lambda w3: w3.eth.get_block(end))
        events: list[dict[str, Any]] = []
        subjects: list[list[str]] = []
        for log in logs:
            decoded = self._decode(log)
            if decoded is None:
                continue
            name, args, about = decoded
            events.append(
                {
                    "block_number": log["blockNumber"],
                    "block_hash": "0x" + bytes(log["blockHash"]).hex(),
                    "tx_hash": "0x" + bytes(log["transactionHash"]).hex(),
                    "log_index": log["logIndex"],
                    "name": name,
                    "args": args,
                }
            )
            subjects.append(sorted(about))
        async with self.db.session() as session:
            if events:
                # bulk inserts: one ORM object per event cost most of the time of catching up;
                # ids come back with their (transaction, log index), unique, in any order:
                # asking for parameter order makes SQLite insert one row at a time
                returned = await session.execute(
                    insert(ChainEvent).returning(
                        ChainEvent.tx_hash, ChainEvent.log_index, ChainEvent.id
                    ),
                    events,
                )
                ids = {(tx, index): event_id for tx, index, event_id in returned.all()}
                key_rows = [
                    {"event_id": ids[event["tx_hash"], event["log_index"]], "key": key}
                    for event, about in zip(events, subjects, strict=True)
                    for key in about
                ]
                if key_rows:
                    await session.execute(insert(ChainEventKey), key_rows)
            await session.merge(
                IndexerCursor(
                    name=self.name,
                    block_number=end,
                    block_hash="0x" + bytes(end_block["hash"]).hex(),
                )
            )
        if events:
            logger.info("indexed %d events in blocks %d-%d", len(events), start, end)
        return len(events)

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Follow the chain until ``stop`` is set, riding out node outages."""
        while not stop.is_set():
            try:
                await self.sync()
            except Exception:  # noqa: BLE001 - a follower must outlive any one failure
                logger.exception("indexer pass failed; retrying")
            try:
                await asyncio.wait_for(stop.wait(), interval)
            except TimeoutError:
                pass

    async def last_block(self) -> int | None:
        """The last block fully indexed, if any."""
        cursor = await self._cursor()
        return cursor.block_number if cursor else None
