"""``Ledger``: the chain client, transaction manager, keystore and registry, built from settings.

Every service opens one ``Ledger`` at start-up and closes it at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from eth_account.signers.local import LocalAccount

from node.chain import (
    AnchoredTree,
    AnchorReceipt,
    ChainClient,
    Deployment,
    RegistryClient,
    Scope,
    TxManager,
    connect,
    deploy_registry,
    deploying,
    load_artifact,
    locate_registry,
    open_transactions,
)
from node.config import CoreSettings
from node.credentials import credential_hash
from node.keystore import Keystore
from node.storage import Database
from node.types import Bytes32

__all__ = [
    "DEV_FUNDS_WEI",
    "GOVERNOR_KEY",
    "Ledger",
    "fund_dev_account",
]

logger = logging.getLogger(__name__)

#: Name of the embedded chain's governor key in the keystore.
GOVERNOR_KEY = "governor"
#: Ether the embedded chain gives each of our dev accounts (they pay gas, nothing else).
DEV_FUNDS_WEI = 10**24


async def fund_dev_account(client: ChainClient, address: str, wei: int = DEV_FUNDS_WEI) -> None:
    """Give an account gas money on a development node (``anvil_setBalance``)."""
    await client.call(
        lambda w3: w3.provider.make_request(cast(Any, "anvil_setBalance"), [address, hex(wei)])
    )


@dataclass
class Ledger:
    """Everything a service needs to read and write the registry."""

    settings: CoreSettings
    db: Database
    client: ChainClient
    txm: TxManager
    keystore: Keystore
    deployment: Deployment
    registry: RegistryClient

    @classmethod
    async def open(cls, settings: CoreSettings, *, fast_kdf: bool = False) -> Ledger:
        """Connect, prepare the database, re-send journalled transactions, find the registry."""
        db = Database.of(settings)
        await db.create()
        client = await connect(settings)
        try:
            artifact = load_artifact()
            txm = await open_transactions(client, db, settings, artifact=artifact)
            deployment = await locate_registry(client, settings, artifact)
        except BaseException:
            await client.close()
            await db.close()
            raise
        keystore = Keystore(
            settings.data_dir / "keys",
            settings.keystore_passphrase.get_secret_value(),
            fast_kdf=fast_kdf,
        )
        registry = RegistryClient(client, txm, deployment.address, artifact)
        return cls(settings, db, client, txm, keystore, deployment, registry)

    @staticmethod
    async def deploy_dev(settings: CoreSettings, *, fast_kdf: bool = False) -> Deployment:
        """On a development chain: make and fund the governor key, deploy once."""
        async with deploying(settings) as (client, txm):
            keystore = Keystore(
                settings.data_dir / "keys",
                settings.keystore_passphrase.get_secret_value(),
                fast_kdf=fast_kdf,
            )
            governor = keystore.get_or_create(GOVERNOR_KEY)
            await fund_dev_account(client, governor.address)
            return await deploy_registry(
                client, txm, governor, [governor.address], 1, settings.data_dir
            )

    def account(self, name: str) -> LocalAccount:
        """A key from the keystore, created on first use."""
        return self.keystore.get_or_create(name)

    async def anchor_credentials(
        self, account: LocalAccount, credentials: Sequence[dict[str, Any]], scope: Scope
    ) -> tuple[Bytes32, list[dict[str, Any]]]:
        """Anchor signed credentials as one batch: its bound root, each receipt in order."""
        hashes = [credential_hash(vc) for vc in credentials]
        tree = AnchoredTree(hashes, account.address)
        anchored = await self.registry.anchor_batch(account, tree.tree_root, len(hashes), scope)
        tx_hash = "0x" + bytes(anchored["transactionHash"]).hex()
        receipts = [
            AnchorReceipt(
                chain_id=self.client.chain_id,
                registry=self.deployment.address,
                root=tree.root,
                credential_hash=h,
                path=tree.proof(h).path,
                tx_hash=tx_hash,
                block_number=int(anchored["blockNumber"]),
            ).to_json()
            for h in hashes
        ]
        return tree.root, receipts

    async def close(self) -> None:
        """Release the node connection and the database pool."""
        await self.client.close()
        await self.db.close()
