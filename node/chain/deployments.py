"""Deployment records: where the registry lives on a chain, kept in the data directory.

A restart reads the record instead of deploying again; a record of an earlier chain (another
genesis) or of vanished code is ignored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from node.chain.artifacts import load_artifact
from node.chain.client import ChainClient
from node.types import Address

__all__ = ["Deployment", "genesis_hash", "load_deployment", "record_path"]

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


def record_path(data_dir: Path, chain_id: int) -> Path:
    """Where a chain's deployment record is kept: one file per chain id."""
    return data_dir / "deployments" / f"{chain_id}.json"


async def load_deployment(client: ChainClient, data_dir: Path) -> Deployment | None:
    """The recorded deployment, if it is still on this chain (same genesis, code present)."""
    path = record_path(data_dir, client.chain_id)
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
