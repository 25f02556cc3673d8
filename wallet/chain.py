"""A read-only view of the registry: the wallet reads the chain and never sends a transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from node.chain import RegistryReader, reading
from node.config import CoreSettings

__all__ = ["open_registry"]


@asynccontextmanager
async def open_registry(settings: CoreSettings) -> AsyncIterator[RegistryReader]:
    """Connect to the configured nodes and find the registry (setting, or deployment record).

    A reader only: the wallet holds no Ethereum account, so it opens no keystore and no journal.
    """
    async with reading(settings) as reader:
        yield reader
