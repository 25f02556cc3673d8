"""What the verifier's routes share: settings, the registry reader, the engine, challenges."""

from __future__ import annotations

from dataclasses import dataclass

from node.chain import RegistryReader
from node.storage import Database
from node.verification import Verifier
from verifier.challenges import ChallengeStore
from verifier.settings import VerifierSettings
from verifier.shares import ShareStore

__all__ = ["VerifierContext"]


@dataclass
class VerifierContext:
    """Built by the app's lifespan, closed at shutdown.

    It holds a registry reader, not a ledger: a verifier signs nothing, so it has no keystore,
    no transaction manager and no journal.
    """

    settings: VerifierSettings
    registry: RegistryReader
    db: Database
    verifier: Verifier
    challenges: ChallengeStore
    shares: ShareStore

    async def close(self) -> None:
        """Release the IPFS client, the node connection and the database pool."""
        try:
            if self.verifier.catalogs is not None:
                await self.verifier.catalogs.ipfs.aclose()
        finally:
            try:
                await self.registry.client.close()
            finally:
                await self.db.close()
