"""``LedgerDocuments``: public documents as the registry anchors them, never as a bundle ships them.

A service knows the framework, a catalog, a programme or a rule set only through the registry:
the digest and CID on chain, the bytes on IPFS hashed and compared with that digest, refused
with ``DOCUMENT_DIGEST_MISMATCH`` when they differ. Content under a digest never changes, so
parsed documents are cached by digest; records of versions that exist never change either.

The framework in force at a moment is the newest version, in the series the credential's
catalog names (else the registry's first framework series), that was both published and
effective by then: a credential anchored under version 1 keeps being judged by version 1 after
version 2 takes effect. Only governors can publish frameworks (the registry enforces it at
publication), so every ``Framework`` entry of the registry is a governor's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from node.chain import Document, DocumentKind, RegistryReader
from node.chain.client import map_chain_errors
from node.documents import (
    DocumentDigestMismatchError,
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

if TYPE_CHECKING:
    from node.verification.report import CredentialReport

__all__ = ["LedgerDocuments", "PublishedEntry", "refused_documents"]

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


@dataclass(slots=True)
class _Scanned:
    """The entries of one kind (and publisher) read so far, and how far the chain was read."""

    entries: list[PublishedEntry] = field(default_factory=list)
    block: int = -1
    timestamp: int = -1


_KIND_WORDS = {
    DocumentKind.FRAMEWORK: "qualification framework",
    DocumentKind.CATALOG: "outcome catalog",
    DocumentKind.RULE_SET: "rule set",
    DocumentKind.PROGRAMME: "programme",
}


def _day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


#: Blocks per ``eth_getLogs`` call: nodes cap a log query's range (Besu, public gateways), and
#: a first scan of a long chain must not be one unbounded query.
LOG_BLOCK_STEP = 2_000


class LedgerDocuments:
    """Reads documents by their registry entries; checks every byte against the anchored digest."""

    def __init__(
        self, registry: RegistryReader, ipfs: IpfsClient, cache_entries: int = 256
    ) -> None:
        self.registry = registry
        self.ipfs = ipfs
        self._parsed: LruCache[tuple[type[Any], bytes], Any] = LruCache(cache_entries)
        self._records: LruCache[tuple[str, int, bytes, int], Document] = LruCache(cache_entries)
        self._scanned: dict[tuple[int, str | None], _Scanned] = {}
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

    # -- the version in force ------------------------------------------------------------
    async def _scan(self, kind: DocumentKind, publisher: str | None) -> _Scanned:
        """The entries of ``kind`` (by ``publisher``), with blocks not read yet added."""
        key = (int(kind), publisher.lower() if publisher else None)
        scanned = self._scanned.setdefault(key, _Scanned())
        client = self.registry.client
        with map_chain_errors():
            head = await client.call(lambda w3: w3.eth.get_block("latest"))
        number, timestamp = int(head["number"]), int(head["timestamp"])
        if number <= scanned.block:
            return scanned
        event = self.registry.contract().events.DocumentPublished
        filters: dict[str, Any] = {"kind": int(kind)}
        if publisher:
            filters["publisher"] = publisher
        logs: list[Any] = []
        for start in range(scanned.block + 1, number + 1, LOG_BLOCK_STEP):
            with map_chain_errors():
                logs += await client.call(
                    partial(_logs, event, start, min(start + LOG_BLOCK_STEP - 1, number), filters)
                )
        for log in sorted(logs, key=lambda item: (item["blockNumber"], item["logIndex"])):
            args = log["args"]
            who, version = str(args["publisher"]), int(args["version"])
            series = Bytes32(bytes(args["seriesId"]))
            record = await self.record(who, kind, series, version)
            block = int(log["blockNumber"])
            scanned.entries.append(PublishedEntry(who, kind, series, version, record, block))
        scanned.block, scanned.timestamp = number, timestamp
        return scanned

    async def _read_up_to(
        self, kind: DocumentKind, at: int | None, publisher: str | None
    ) -> tuple[_Scanned, int]:
        """The entries known to be all those published by ``at`` (now if None), and ``at``."""
        async with self._scan_lock:
            key = (int(kind), publisher.lower() if publisher else None)
            scanned = self._scanned.get(key)
            # a later block cannot hold an entry published at or before a moment already passed
            if scanned is None or at is None or at >= scanned.timestamp:
                scanned = await self._scan(kind, publisher)
        return scanned, max(int(time.time()), scanned.timestamp) if at is None else at

    async def entry_at(
        self,
        kind: DocumentKind,
        at: int | None = None,
        publisher: str | None = None,
        series: Bytes32 | None = None,
    ) -> PublishedEntry:
        """The entry of ``kind`` in force at ``at``: published and effective by then, newest.

        ``at`` defaults to now: the later of the clock and the chain head's time, so that
        what the chain has published counts even on a node whose time runs ahead.
        ``publisher`` narrows it to one account's documents (an issuer's own catalog),
        ``series`` to one series.
        """
        scanned, moment = await self._read_up_to(kind, at, publisher)
        return _newest(scanned.entries, kind, moment, publisher, series)

    async def framework_entry_at(
        self, at: int | None = None, series: Bytes32 | None = None
    ) -> PublishedEntry:
        """The framework entry in force at ``at``, in ``series``.

        Any governor's entry counts (only governors can publish one). Without ``series`` (a
        credential whose catalog names none), the series of the registry's first published
        framework is taken: the consortium's framework, whose versions succeed one another.
        """
        scanned, moment = await self._read_up_to(DocumentKind.FRAMEWORK, at, None)
        if series is None and scanned.entries:
            series = scanned.entries[0].series
        return _newest(scanned.entries, DocumentKind.FRAMEWORK, moment, None, series)

    async def framework_at(
        self, at: int | None = None, series: Bytes32 | None = None
    ) -> QualificationFramework:
        """The framework in force at ``at`` (Unix time; now if None), checked against the chain."""
        entry = await self.framework_entry_at(at, series)
        return await self.load_entry(QualificationFramework, entry)

    async def load_entry(self, model: type[D], entry: PublishedEntry) -> D:
        """The document an entry anchors, checked against its digest, series and version."""
        return await self.load(model, entry.record, series=entry.series, version=entry.version)


async def _logs(event: Any, start: int, end: int, filters: dict[str, Any], _w3: Any) -> Any:
    """One bounded log query (``ChainClient.call`` hands in the connection, unused here)."""
    return await event.get_logs(from_block=start, to_block=end, argument_filters=filters)


def _newest(
    entries: list[PublishedEntry],
    kind: DocumentKind,
    at: int,
    publisher: str | None,
    series: Bytes32 | None,
) -> PublishedEntry:
    """The entry in force at ``at``: published and effective by then, the latest to take effect."""
    candidates = [
        entry
        for entry in entries
        if entry.record.published_at <= at
        and entry.record.effective_from <= at
        and (series is None or bytes(entry.series) == bytes(series))
    ]
    if not candidates:
        what = _KIND_WORDS.get(kind, kind.name.lower())
        by = f" by {publisher}" if publisher else ""
        raise DocumentVersionNotFoundError(
            f"no {what} was published{by} and in force on {_day(at)}"
        )
    return max(candidates, key=lambda e: (e.record.effective_from, e.block))


def refused_documents(report: CredentialReport) -> list[str]:
    """Why a credential's framework or catalog was refused: content unlike its anchored digest.

    The verifier words these ``DOCUMENT_DIGEST_MISMATCH: ...``; a service that must refuse
    such a credential outright (the conversion desk) finds them here.
    """
    code = DocumentDigestMismatchError.code
    found = [f"{c.name}: {c.reason}" for c in report.checks if c.reason.startswith(code)]
    if report.catalog.problem == code:
        found.append(f"catalog: {report.catalog.reason}")
    return found
