"""Idempotent deployment: a restart finds the registry it deployed instead of deploying again."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from eth_hash.auto import keccak
from web3 import AsyncWeb3

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.client import ChainClient
from node.chain.reverts import RevertDecoder
from node.chain.txmanager import TxManager
from node.config import CoreSettings
from node.errors import DeploymentError
from node.storage import Database
from node.types import Address

__all__ = [
    "Deployment",
    "deploy_governed",
    "deploy_registry",
    "deploying",
    "genesis_hash",
    "load_deployment",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Deployment:
    """Where the registry lives on one chain, and from which block to index it."""

    chain_id: int
    genesis_hash: str
    address: Address
    tx_hash: str
    block_number: int
    source_digest: str


async def genesis_hash(client: ChainClient) -> str:
    """Block 0's hash tells two chains with the same id apart (a reset dev chain)."""
    block = await client.call(lambda w3: w3.eth.get_block(0))
    return "0x" + bytes(block["hash"]).hex()


def _record_path(data_dir: Path, chain_id: int) -> Path:
    return data_dir / "deployments" / f"{chain_id}.json"


async def load_deployment(client: ChainClient, data_dir: Path) -> Deployment | None:
    """The recorded deployment, if it is still on this chain (same genesis, code present)."""
    path = _record_path(data_dir, client.chain_id)
    if not path.is_file():
        return None
    deployment = Deployment(**json.loads(path.read_text()))
    if deployment.genesis_hash != await genesis_hash(client):
        logger.warning("recorded registry belongs to an earlier chain; ignoring %s", path)
        return None
    code = await client.call(lambda w3: w3.eth.get_code(deployment.address))
    if not code:
        logger.warning("no code at recorded registry %s", deployment.address)
        return None
    if deployment.source_digest != load_artifact().source_digest:
        logger.warning(
            "registry %s was built from other contract sources (%s); this build's bindings may "
            "not match it: deploy the current registry",
            deployment.address,
            deployment.source_digest[:12],
        )
    return deployment


async def deploy_registry(
    client: ChainClient,
    txm: TxManager,
    deployer: LocalAccount,
    governors: list[str],
    quorum: int,
    data_dir: Path,
    *,
    artifact: ContractArtifact | None = None,
) -> Deployment:
    """Deploy once per chain and contract sources; later calls return the recorded deployment.

    A recorded registry built from other sources is replaced: the bindings follow this build.
    """
    artifact = artifact or load_artifact()
    existing = await load_deployment(client, data_dir)
    if existing is not None and existing.source_digest == artifact.source_digest:
        return existing
    if existing is not None:  # built from older sources: its ABI is not this build's
        logger.warning("deploying the current registry in place of %s", existing.address)
    genesis = await genesis_hash(client)
    factory = AsyncWeb3().eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    data = factory.constructor(governors, quorum).data_in_transaction
    # one deployment per chain, deployer, code and constructor arguments
    fingerprint = keccak(f"{deployer.address}:{artifact.source_digest}:{data}".encode()).hex()[:24]
    receipt = await txm.send(
        deployer,
        cast(Any, {"data": data}),
        key=f"deploy:{artifact.name}:{client.chain_id}:{genesis}:{fingerprint}",
    )
    address = receipt["contractAddress"]
    if address is None:
        raise DeploymentError("deployment receipt has no contract address")
    deployment = Deployment(
        chain_id=client.chain_id,
        genesis_hash=genesis,
        address=address,
        tx_hash="0x" + bytes(receipt["transactionHash"]).hex(),
        block_number=receipt["blockNumber"],
        source_digest=artifact.source_digest,
    )
    path = _record_path(data_dir, client.chain_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(deployment), indent=1))
    logger.info("deployed %s at %s in block %d", artifact.name, address, receipt["blockNumber"])
    return deployment


async def deploy_governed(
    settings: CoreSettings, deployer: LocalAccount, governors: list[str], quorum: int
) -> Deployment:
    """Deploy through the configured node with the members' own governors and quorum.

    The production path: the deployer is a key of the operator's keystore, the governors are
    the members' addresses; nothing of the local consortium is assumed.
    """
    async with deploying(settings, confirmations=settings.confirmations) as (client, txm):
        return await deploy_registry(client, txm, deployer, governors, quorum, settings.data_dir)


@asynccontextmanager
async def deploying(
    settings: CoreSettings, *, confirmations: int = 1
) -> AsyncIterator[tuple[ChainClient, TxManager]]:
    """A connected client and a transaction manager with its journal resumed; closed after."""
    db = Database(settings.effective_database_url)
    await db.create()
    client = ChainClient.from_settings(settings)
    try:
        await client.connect()
        txm = TxManager(
            client,
            db,
            RevertDecoder(load_artifact().abi),
            confirmations=confirmations,
            zero_fees=settings.zero_fees,
        )
        await txm.resume()
        yield client, txm
    finally:
        await client.close()
        await db.close()
