"""The qualification framework in force, read from the ledger, and a new version published.

Scope bits mean nothing without it: field and outcome-type ids are the framework's. The desk
reads it as every service does (``LedgerDocuments``): the IPFS content checked against the
anchored digest and kept by digest.
"""

from __future__ import annotations

import logging

from eth_account.signers.local import LocalAccount

from node.chain import DocumentKind, RegistryClient
from node.documents import (
    DocumentVersionNotFoundError,
    IpfsClient,
    PublishedDocument,
    QualificationFramework,
    publish,
)
from node.verification.documents import LedgerDocuments

__all__ = ["FrameworkSource"]

logger = logging.getLogger(__name__)


class FrameworkSource:
    """The framework in force on this ledger, by the same rule every service reads it."""

    def __init__(self, registry: RegistryClient, ipfs: IpfsClient) -> None:
        self.registry = registry
        self.ipfs = ipfs
        self.documents = LedgerDocuments(registry, ipfs)

    async def in_force(self) -> QualificationFramework | None:
        """The consortium's framework version in force now; None before any is published.

        ``LedgerDocuments.framework_at`` is the rule the verifier, the wallet and the conversion
        desk apply (the first published framework's series, the newest version effective by
        now), so the desk's scope bits are the ones they check.
        """
        try:
            return await self.documents.framework_at()
        except DocumentVersionNotFoundError:
            return None

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
