"""The qualification framework in force, read from the ledger, and a new version published.

Scope bits mean nothing without it: field and outcome-type ids are the framework's. The desk
reads the newest framework a current governor published, checks the IPFS content against the
anchored digest, and keeps it by digest.
"""

from __future__ import annotations

import logging
import time

from eth_account.signers.local import LocalAccount

from governance.chainreads import LogWindow, event_args
from node.chain import DocumentKind, RegistryClient
from node.documents import (
    IpfsClient,
    PublishedDocument,
    QualificationFramework,
    fetch_verified,
    parse_document,
    publish,
)

__all__ = ["FrameworkSource"]

logger = logging.getLogger(__name__)


class FrameworkSource:
    """The framework in force on this ledger, cached by digest."""

    def __init__(
        self, registry: RegistryClient, ipfs: IpfsClient, window: LogWindow | None = None
    ) -> None:
        self.registry = registry
        self.ipfs = ipfs
        self.window = window or LogWindow()
        self._by_digest: dict[bytes, QualificationFramework] = {}

    async def in_force(self) -> QualificationFramework | None:
        """The newest framework in effect now, published by a current governor; else None."""
        now = int(time.time())
        found = None
        for event in await event_args(self.registry, "DocumentPublished", self.window):
            if int(event["kind"]) != int(DocumentKind.FRAMEWORK):
                continue
            if int(event["effectiveFrom"]) > now:
                continue
            if not await self.registry.is_governor(event["publisher"]):
                continue
            if found is None or int(event["effectiveFrom"]) >= int(found["effectiveFrom"]):
                found = event
        if found is None:
            return None
        digest = bytes(found["digest"])
        if digest not in self._by_digest:
            data = await fetch_verified(str(found["cid"]), digest, self.ipfs)
            self._by_digest[digest] = parse_document(QualificationFramework, data)
        return self._by_digest[digest]

    async def publish(
        self, governor: LocalAccount, framework: QualificationFramework
    ) -> PublishedDocument:
        """Content to IPFS, digest and CID on chain (the registry lets governors only)."""
        published = await publish(
            framework, self.ipfs, self.registry, governor, DocumentKind.FRAMEWORK
        )
        logger.info("framework %s v%d published as %s", framework.id, framework.version,
                    published.cid)  # fmt: skip
        return published
