"""Two governance desks on a chain of their own: members A and B, each with its own keystore.

The chain is the tests' own (not the session's) because they change the governors and the
quorum, which every other test's one-governor set-up relies on.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from pydantic import SecretStr

from devnet import IpfsDaemon, LocalChain
from governance.app import create_app
from governance.settings import GovernanceSettings
from node.config import CoreSettings
from node.documents import canonical_json, load_demo_framework
from node.keystore import Keystore
from node.ledger import GOVERNOR_KEY, Ledger, fund_dev_account
from tests.conftest import TEST_PASSPHRASE, free_port, make_settings
from tests.servers import serve


@dataclass(frozen=True)
class Member:
    """One member's served desk, its operator key and its own account."""

    url: str
    key: str
    account: str
    settings: GovernanceSettings

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": self.key}, timeout=120)


@dataclass(frozen=True)
class Consortium:
    """The chain's settings and the members' desks."""

    chain: CoreSettings
    registry: str
    a: Member
    b: Member
    ipfs_api: str


def member_settings(
    chain: CoreSettings, registry: str, ipfs_api: str, data_dir: Path
) -> GovernanceSettings:
    """A desk's settings: the chain node, the registry address, its own data dir."""
    port = free_port()
    return GovernanceSettings(
        data_dir=data_dir,
        local_chain_port=chain.local_chain_port,
        registry_address=registry,
        ipfs_api=ipfs_api,
        keystore_passphrase=SecretStr(TEST_PASSPHRASE),
        rpc_retries=1,
        rpc_backoff_seconds=0.05,
        governance_port=port,
        governance_public_url=f"http://127.0.0.1:{port}",
    )


def with_key(settings: GovernanceSettings, account: LocalAccount) -> GovernanceSettings:
    """The member's key in its own keystore, as `creditbank governance import-key` does."""
    keystore = Keystore(settings.data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True)
    keystore.create(settings.governance_key_name, bytes(account.key))
    return settings


@pytest.fixture(scope="module")
def governance_chain(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CoreSettings, str]]:
    """A fresh anvil with the registry; its first governor is the dev key (quorum 1)."""
    data_dir = tmp_path_factory.mktemp("governance-chain")
    chain = make_settings(data_dir, free_port())
    node = LocalChain(chain.data_dir, chain.local_chain_port, chain.chain_id)
    node.start()
    try:
        deployment = asyncio.run(Ledger.deploy_dev(chain, fast_kdf=True))
        yield chain, deployment.address
    finally:
        node.stop()


async def _fund(chain: CoreSettings, address: str) -> None:
    ledger = await Ledger.open(chain, fast_kdf=True)
    try:
        await fund_dev_account(ledger.client, address)
    finally:
        await ledger.close()


def serve_member(settings: GovernanceSettings) -> AbstractContextManager[str]:
    """The member's desk served on its port until the block ends."""
    return serve(create_app(settings, fast_kdf=True), settings.governance_port)


@pytest.fixture(scope="module")
def consortium(
    governance_chain: tuple[CoreSettings, str],
    ipfs_daemon: IpfsDaemon,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Consortium]:
    """A (the dev governor) and B (a new key) as governors with a quorum of two."""
    chain, registry = governance_chain
    keystore = Keystore(chain.data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True)
    a_key = keystore.load(GOVERNOR_KEY)
    b_key: LocalAccount = Account.create()
    asyncio.run(_fund(chain, b_key.address))
    a_settings = with_key(
        member_settings(chain, registry, ipfs_daemon.api_url, tmp_path_factory.mktemp("a")),
        a_key,
    )
    b_settings = with_key(
        member_settings(chain, registry, ipfs_daemon.api_url, tmp_path_factory.mktemp("b")),
        b_key,
    )
    with serve_member(a_settings) as a_url, serve_member(b_settings) as b_url:
        a = Member(a_url, _admin_key(a_settings), a_key.address, a_settings)
        b = Member(b_url, _admin_key(b_settings), b_key.address, b_settings)
        with a.client() as client:
            assert client.post("/governors", json={"account": b.account}).json()["executed"]
            assert client.post("/quorum", json={"quorum": 2}).json()["executed"]
            # the demo framework, so that scopes are read by field and outcome-type codes
            published = client.post(
                "/frameworks",
                content=canonical_json(load_demo_framework()),
                headers={"content-type": "application/json"},
            )
            assert published.status_code == 201, published.text
        yield Consortium(chain, registry, a, b, ipfs_daemon.api_url)


def _admin_key(settings: GovernanceSettings) -> str:
    return (settings.data_dir / "governance-admin.key").read_text().strip()


@pytest.fixture
async def chain_ledger(consortium: Consortium, tmp_path: Path) -> AsyncIterator[Ledger]:
    """The tests' own view of the chain, for centres that anchor (per event loop)."""
    settings = consortium.chain.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 'centre.db'}"}
    )
    ledger = await Ledger.open(settings, fast_kdf=True)
    try:
        yield ledger
    finally:
        await ledger.close()
