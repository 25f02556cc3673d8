"""Publish a document version (IPFS + on-chain anchor) and read one back only if it is intact."""

from __future__ import annotations

import calendar
import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from eth_account.signers.local import LocalAccount

from node.chain.registry import RegistryClient
from node.chain.types import DocumentKind
from node.documents.base import VersionedDocument
from node.documents.canonical import canonical_json
from node.documents.errors import DocumentDigestMismatchError
from node.documents.ipfs import DEFAULT_MAX_BYTES, IpfsClient
from node.types import Bytes32

__all__ = ["PublishedDocument", "effective_timestamp", "fetch_verified", "publish", "series_id"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishedDocument:
    """Where a published version lives (CID) and how it is anchored (digest, series, tx)."""

    cid: str
    digest: Bytes32
    series_id: Bytes32
    version: int
    effective_from: int
    tx_hash: str


def series_id(document_id: str) -> Bytes32:
    """The on-chain series id: SHA-256 of the document id string."""
    return Bytes32(hashlib.sha256(document_id.encode("utf-8")).digest())


def effective_timestamp(day: date) -> int:
    """The on-chain ``effectiveFrom``: midnight UTC at the start of ``day``."""
    return calendar.timegm(day.timetuple())


async def publish(
    document: VersionedDocument,
    ipfs: IpfsClient,
    registry: RegistryClient,
    account: LocalAccount,
    kind: DocumentKind,
) -> PublishedDocument:
    """Store the canonical bytes on IPFS, then anchor digest and CID in the registry."""
    data = canonical_json(document)
    content_digest = Bytes32(hashlib.sha256(data).digest())
    cid = await ipfs.add(data)
    series = series_id(document.id)
    effective = effective_timestamp(document.effective_from)
    receipt = await registry.publish_document(
        account, kind, series, document.version, content_digest, cid, effective
    )
    tx_hash = "0x" + bytes(receipt["transactionHash"]).hex()
    logger.info(
        "published %s %s v%d as %s (digest %s, tx %s)",
        kind.name, document.id, document.version, cid, content_digest.hex(), tx_hash,
    )  # fmt: skip
    return PublishedDocument(cid, content_digest, series, document.version, effective, tx_hash)


async def fetch_verified(
    cid: str, expected_digest: bytes, ipfs: IpfsClient, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The content of ``cid``, only if its SHA-256 equals the anchored digest."""
    data = await ipfs.cat(cid, max_bytes)
    actual = hashlib.sha256(data).digest()
    if actual != bytes(expected_digest):
        logger.warning("content of %s hashes to %s, anchored %s", cid, actual.hex(),
                       bytes(expected_digest).hex())  # fmt: skip
        raise DocumentDigestMismatchError(
            f"content of {cid} does not match the anchored digest",
            cid=cid,
            expected="0x" + bytes(expected_digest).hex(),
            actual="0x" + actual.hex(),
        )
    return data
