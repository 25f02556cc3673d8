"""A read-only view of the registry: the wallet reads the chain and never sends a transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from node.chain import RegistryClient, TxManager, connect, load_artifact, locate_registry
from node.config import CoreSettings
from node.errors import ConfigError

__all__ = ["open_registry"]


class _NoTransactions:
    """Stands where a transaction manager would: a wallet holds no Ethereum account."""

    async def send(self, *_args: Any, **_kwargs: Any) -> Any:
        """Refuse: reading is all a wallet does on chain."""
        raise ConfigError("the wallet is read-only on chain")


@asynccontextmanager
async def open_registry(settings: CoreSettings) -> AsyncIterator[RegistryClient]:
    """Connect to the configured nodes and find the registry (setting, or deployment record)."""
    client = await connect(settings)
    try:
        artifact = load_artifact()
        deployment = await locate_registry(client, settings, artifact)
        yield RegistryClient(
            client, cast(TxManager, _NoTransactions()), deployment.address, artifact
        )
    finally:
        await client.close()
