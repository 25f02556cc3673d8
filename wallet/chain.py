"""A read-only view of the registry: the wallet reads the chain and never sends a transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from web3 import Web3

from node.chain import ChainClient, RegistryClient, TxManager, load_artifact, load_deployment
from node.config import CoreSettings
from node.errors import ConfigError, DeploymentError

__all__ = ["open_registry"]


class _NoTransactions:
    """Stands where a transaction manager would: a wallet holds no Ethereum account."""

    async def send(self, *_args: Any, **_kwargs: Any) -> Any:
        """Refuse: reading is all a wallet does on chain."""
        raise ConfigError("the wallet is read-only on chain")


@asynccontextmanager
async def open_registry(settings: CoreSettings) -> AsyncIterator[RegistryClient]:
    """Connect to the configured nodes and find the registry (setting, or deployment record)."""
    client = ChainClient.from_settings(settings)
    await client.connect()
    try:
        address = settings.registry_address
        if address is None:
            deployment = await load_deployment(client, settings.data_dir)
            if deployment is None:
                raise DeploymentError("no registry known: set CREDITBANK_REGISTRY_ADDRESS")
            address = deployment.address
        yield RegistryClient(
            client,
            cast(TxManager, _NoTransactions()),
            Web3.to_checksum_address(address),
            load_artifact(),
        )
    finally:
        await client.close()
