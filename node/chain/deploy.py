"""Idempotent deployment: a restart finds the registry it deployed instead of deploying again.

``Deployment``, ``load_deployment`` and ``deploying`` are re-exported from their own modules.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from eth_hash.auto import keccak
from web3 import AsyncWeb3

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.client import ChainClient
from node.chain.connect import deploying
from node.chain.deployments import Deployment, genesis_hash, load_deployment, record_path
from node.chain.txmanager import TxManager
from node.config import CoreSettings
from node.errors import DeploymentError

__all__ = [
    "Deployment",
    "deploy_governed",
    "deploy_registry",
    "deploying",
    "genesis_hash",
    "load_deployment",
]

logger = logging.getLogger(__name__)


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
    path = record_path(data_dir, client.chain_id)
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
