"""``LedgerDocuments``: public documents as the registry anchors them, never as a bundle ships them.

A service knows the framework, a catalog, a programme or a rule set only through the registry:
the digest and CID on chain, the bytes on IPFS hashed and compared with that digest, refused
with ``DOCUMENT_DIGEST_MISMATCH`` when they differ. Content under a digest never changes, so
parsed documents are cached by digest; records of versions that exist never change either.

The framework in force at a moment is the newest framework version that was both published
and effective by then: a credential anchored under version 1 keeps being judged by version 1
after version 2 takes effect. Only governors can publish frameworks (the registry enforces it
at publication), so every ``Framework`` entry of the registry is a governor's.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from node.chain import Document, DocumentKind, RegistryClient
from node.chain.client import map_chain_errors
from node.documents import (
    DocumentInvalidError,
    DocumentVersionNotFoundError,
    IpfsClient,
    QualificationFramework,
    fetch_verified,
    parse_document,
    series_id,
)
from node.documents.base import VersionedDocument
from node.types import Bytes32
from node.verification.chainview import LruCache

__all__ = ["LedgerDocuments", "PublishedEntry"]

logger = logging.getLogger(__name__)

D = TypeVar("D", bound=VersionedDocument)

#: Public documents are modest JSON; anything larger is refused while reading.
MAX_DOCUMENT_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """One version as the registry records it: who published which series, and the record."""

    publisher: str
    kind: DocumentKind
    series: Bytes32
    version: int
    record: Document
    block: int


def _day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


class LedgerDocuments:
    """Reads documents by their registry entries; checks every byte against the anchored digest."""

    def __init__(
        self, registry: RegistryClient, ipfs: IpfsClient, cache_entries: int = 256
    ) -> None:
        self.registry = registry
        self.ipfs = ipfs
        self._parsed: LruCache[tuple[type[Any], bytes], Any] = LruCache(cache_entries)
        self._records: LruCache[tuple[str, int, bytes, int], Document] = LruCache(cache_entries)
        self._frameworks: list[PublishedEntry] = []
        self._scanned_block = -1
        self._scanned_timestamp = -1
        self._scan_lock = asyncio.Lock()

    # -- one version ----------------------------------------------------------------------
    async def record(
        self, publisher: str, kind: DocumentKind, series: Bytes32, version: int
    ) -> Document:
        """One version's anchored record (cached once it exists: it never changes)."""
        key = (publisher.lower(), int(kind), bytes(series), version)
        cached = self._records.get(key)
        if cached is not None:
            return cached
        record = await self.registry.document(publisher, kind, series, version)
        if record.cid:
            self._records.put(key, record)
        return record

    async def load(
        self, model: type[D], record: Document, *, series: Bytes32 | None = None,
        version: int | None = None,
    ) -> D:  # fmt: skip
        """The document ``record`` anchors, fetched by CID and refused unless it hashes to it.

        With ``series`` and ``version``, the content must also say it is that version of that
        series: an entry cannot lend its digest to another document.
        """
        digest = bytes(record.digest)
        cached = self._parsed.get((model, digest))
        if cached is None:
            data = await fetch_verified(record.cid, digest, self.ipfs, MAX_DOCUMENT_BYTES)
            cached = parse_document(model, data)
            self._parsed.put((model, digest), cached)
        document: D = cached
        if series is not None and bytes(series_id(document.id)) != bytes(series):
            raise DocumentInvalidError(
                f"the content at {record.cid} is {document.id}, not the series it is anchored as"
            )
        if version is not None and document.version != version:
            raise DocumentInvalidError(
                f"the content at {record.cid} is {document.id} v{document.version}, "
                f"anchored as v{version}"
            )
        return document

    async def version(
        self, model: type[D], publisher: str, kind: DocumentKind, document_id: str, version: int
    ) -> D:
        """A named version of a publisher's series, checked against its digest."""
        series = series_id(document_id)
        record = await self.record(publisher, kind, series, version)
        if not record.cid:
            raise DocumentVersionNotFoundError(
                f"{publisher} published no version {version} of {document_id}"
            )
        return await self.load(model, record, series=series, version=version)

    # -- the framework in force -----------------------------------------------------------
    async def _scan(self) -> None:
        """Add the framework entries of blocks not read yet (one log query per new head)."""
        client = self.registry.client
        with map_chain_errors():
            head = await client.call(lambda w3: w3.eth.get_block("latest"))
        number, timestamp = int(head["number"]), int(head["timestamp"])
        if number <= self._scanned_block:
            return
        event = self.registry.contract().events.DocumentPublished
        start = self._scanned_block + 1
        with map_chain_errors():
            logs = await client.call(
                lambda w3: event.get_logs(
                    from_block=start,
                    to_block=number,
                    argument_filters={"kind": int(DocumentKind.FRAMEWORK)},
                )
            )
        found = []
        for log in sorted(logs, key=lambda item: (item["blockNumber"], item["logIndex"])):
            args = log["args"]
            publisher, version = str(args["publisher"]), int(args["version"])
            series = Bytes32(bytes(args["seriesId"]))
            record = await self.record(publisher, DocumentKind.FRAMEWORK, series, version)
            block = int(log["blockNumber"])
            found.append(
                PublishedEntry(publisher, DocumentKind.FRAMEWORK, series, version, record, block)
            )
        self._frameworks.extend(found)
        self._scanned_block, self._scanned_timestamp = number, timestamp

    async def framework_entry_at(self, at: int) -> PublishedEntry:
        """The framework entry in force at ``at``: published and effective by then, newest."""
        async with self._scan_lock:
            # a later block cannot hold an entry published at or before a moment already passed
            if at >= self._scanned_timestamp:
                await self._scan()
        candidates = [
            entry
            for entry in self._frameworks
            if entry.record.published_at <= at and entry.record.effective_from <= at
        ]
        if not candidates:
            raise DocumentVersionNotFoundError(
                f"no qualification framework was published and in force on {_day(at)}"
            )
        return max(candidates, key=lambda e: (e.record.effective_from, e.block))

    async def framework_at(self, at: int) -> QualificationFramework:
        """The framework in force at ``at`` (a Unix time), its content checked against the chain."""
        entry = await self.framework_entry_at(at)
        return await self.load(
            QualificationFramework, entry.record, series=entry.series, version=entry.version
        )
