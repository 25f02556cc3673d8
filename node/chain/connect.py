"""The one factory of chain connections: client, registry reader and transactions from settings.

Services, the CLI and the benchmarks build their chain objects here and nowhere else, so a
setting (node list, retries, confirmations, fee mode, registry address) means the same thing
in every process. Reading (``open_reader``, ``reading``) needs nothing but a node: no database,
no journal, no keys; writing adds ``open_transactions`` on the service's own database.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from web3 import Web3

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.client import ChainClient
from node.chain.deployments import Deployment, load_deployment
from node.chain.reader import RegistryReader
from node.chain.reverts import RevertDecoder
from node.chain.txmanager import TxManager
from node.config import CoreSettings
from node.errors import DeploymentError
from node.storage import Database

__all__ = [
    "connect",
    "deploying",
    "locate_registry",
    "open_reader",
    "open_transactions",
    "reading",
]

logger = logging.getLogger(__name__)


async def connect(settings: CoreSettings, *, retries: int | None = None) -> ChainClient:
    """A client connected to the first healthy configured node, on the configured chain."""
    client = ChainClient(
        settings.effective_rpc_urls,
        settings.chain_id,
        retries=settings.rpc_retries if retries is None else retries,
        backoff=settings.rpc_backoff_seconds,
    )
    try:
        await client.connect()
    except BaseException:
        await client.close()
        raise
    return client


async def locate_registry(
    client: ChainClient, settings: CoreSettings, artifact: ContractArtifact | None = None
) -> Deployment:
    """The registry to use: the configured address if set, else this chain's deployment record.

    A record of the configured address is used whole (it knows the deployment block); a
    configured address with no record starts indexing at block 0.
    """
    artifact = artifact or load_artifact()
    recorded = await load_deployment(client, settings.data_dir)
    configured = settings.registry_address
    if recorded is not None and (
        configured is None or configured.lower() == recorded.address.lower()
    ):
        return recorded
    if configured is None:
        raise DeploymentError(
            "no registry on this chain: run `creditbank chain deploy` or set "
            "CREDITBANK_REGISTRY_ADDRESS"
        )
    return Deployment(
        chain_id=client.chain_id,
        genesis_hash="",
        address=Web3.to_checksum_address(configured),
        tx_hash="",
        block_number=0,
        source_digest=artifact.source_digest,
    )


async def open_reader(settings: CoreSettings) -> RegistryReader:
    """A reader of the configured registry on its own connection (``reader.client.close()``)."""
    client = await connect(settings)
    try:
        artifact = load_artifact()
        deployment = await locate_registry(client, settings, artifact)
    except BaseException:
        await client.close()
        raise
    return RegistryReader(client, deployment.address, artifact)


@asynccontextmanager
async def reading(settings: CoreSettings) -> AsyncIterator[RegistryReader]:
    """``open_reader`` for the length of a block."""
    reader = await open_reader(settings)
    try:
        yield reader
    finally:
        await reader.client.close()


async def open_transactions(
    client: ChainClient,
    db: Database,
    settings: CoreSettings,
    *,
    confirmations: int | None = None,
    artifact: ContractArtifact | None = None,
) -> TxManager:
    """A transaction manager on ``db``'s journal, with journalled transactions re-sent."""
    txm = TxManager(
        client,
        db,
        RevertDecoder((artifact or load_artifact()).abi),
        confirmations=settings.confirmations if confirmations is None else confirmations,
        timeout=settings.tx_timeout_seconds,
        zero_fees=settings.zero_fees,
    )
    resumed = await txm.resume()
    if resumed:
        logger.info("re-sent %d journalled transactions", resumed)
    return txm


@asynccontextmanager
async def deploying(
    settings: CoreSettings, *, confirmations: int = 1
) -> AsyncIterator[tuple[ChainClient, TxManager]]:
    """A connected client and a transaction manager with its journal resumed; closed after."""
    db = Database.of(settings)
    await db.create()
    try:
        client = await connect(settings)
        try:
            yield client, await open_transactions(client, db, settings, confirmations=confirmations)
        finally:
            await client.close()
    finally:
        await db.close()
