"""The verifier and the wallet read the registry and nothing more: no keys, no journal.

A journal row of a real, signed, funded transfer is planted in the verifier's own database.
A service that opened a transaction manager would re-send it at start-up; a reader leaves it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_account import Account
from hexbytes import HexBytes
from sqlalchemy import select
from web3.exceptions import TransactionNotFound

from devnet import IpfsDaemon
from node.chain import RegistryClient, RegistryReader, connect, locate_registry
from node.config import CoreSettings
from node.ledger import fund_dev_account
from node.storage import Database, TxRecord
from tests.conftest import free_port
from tests.servers import serve
from verifier.app import create_app
from verifier.settings import VerifierSettings
from wallet import WalletSettings, open_registry

#: What a registry writer can do that a reader must not be able to.
WRITES = ("txm", "send", "_write", "anchor_batch", "revoke", "propose", "record_conversion")


async def _plant_journalled_transfer(settings: CoreSettings, db: Database) -> str:
    """Journal a signed self-transfer of a funded account as ``sent``; return its hash."""
    account = Account.create()
    client = await connect(settings)
    try:
        await fund_dev_account(client, account.address)
        signed = account.sign_transaction(
            {
                "to": account.address,
                "value": 0,
                "gas": 21_000,
                "gasPrice": 10**10,
                "nonce": 0,
                "chainId": settings.chain_id,
            }
        )
    finally:
        await client.close()
    tx_hash = "0x" + bytes(signed.hash).hex()
    async with db.session() as session:
        session.add(
            TxRecord(
                key=f"planted:{tx_hash}",
                chain_id=settings.chain_id,
                sender=account.address,
                nonce=0,
                tx_hash=tx_hash,
                raw_tx="0x" + bytes(signed.raw_transaction).hex(),
                status="sent",
                block_number=None,
            )
        )
        await session.commit()
    return tx_hash


async def _on_chain(settings: CoreSettings, tx_hash: str) -> bool:
    client = await connect(settings)
    try:

        async def lookup(w3: Any) -> Any:
            return await w3.eth.get_transaction(HexBytes(tx_hash))

        await client.call(lookup)
        return True
    except TransactionNotFound:
        return False
    finally:
        await client.close()


async def test_verifier_opens_no_keystore_and_leaves_the_journal_alone(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> None:
    client = await connect(chain_settings)
    try:
        registry = (await locate_registry(client, chain_settings)).address
    finally:
        await client.close()
    data_dir = tmp_path / "verifier-data"
    data_dir.mkdir()
    port = free_port()
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(),
            "data_dir": data_dir,
            "registry_address": registry,
            "ipfs_api": ipfs_daemon.api_url,
            "verifier_port": port,
            "verifier_public_url": f"http://127.0.0.1:{port}",
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'verifier.db'}",
        }
    )
    db = Database(settings.effective_database_url)
    await db.create()
    try:
        tx_hash = await _plant_journalled_transfer(chain_settings, db)
    finally:
        await db.close()

    with serve(create_app(settings), port) as url:
        async with httpx.AsyncClient() as http:
            answer = await http.post(f"{url}/challenges")
        assert answer.status_code == 201, answer.text

    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            rows = (await session.scalars(select(TxRecord))).all()
    finally:
        await db.close()
    assert [(r.tx_hash, r.status) for r in rows] == [(tx_hash, "sent")]
    assert not await _on_chain(chain_settings, tx_hash)
    assert not (data_dir / "keys").exists()
    assert sorted(p.name for p in data_dir.iterdir()) == []


async def test_the_wallet_holds_a_reader_that_cannot_send(
    wallet_settings: WalletSettings,
) -> None:
    async with open_registry(wallet_settings) as registry:
        assert isinstance(registry, RegistryReader)
        assert not isinstance(registry, RegistryClient)
        assert [w for w in WRITES if hasattr(registry, w)] == []
        assert await registry.quorum() >= 1


@pytest.mark.parametrize("write", WRITES[2:])
def test_the_writer_still_has_every_write(write: str) -> None:
    assert hasattr(RegistryClient, write) and not hasattr(RegistryReader, write)
