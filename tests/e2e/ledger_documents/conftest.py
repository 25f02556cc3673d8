"""Acme's consortium on a chain of its own: its framework and catalog, an issuer and a verifier.

The chain is the tests' own: they publish frameworks and move the chain's clock forward,
which no other test should see.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from devnet import IpfsDaemon, LocalChain
from issuer.app import create_app as create_issuer_app
from issuer.bootstrap import bootstrap_issuer
from node.config import CoreSettings
from node.documents import IpfsClient
from node.ledger import Ledger
from tests.conftest import free_port, make_settings
from tests.e2e.conftest import RunningIssuer, issuer_settings
from tests.e2e.issuer.helpers import auth
from tests.e2e.ledger_documents import acme
from tests.servers import serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings
from wallet import WalletSettings, WalletStore
from wallet.checker import CheckOutcome


@dataclass(frozen=True)
class Acme:
    """Acme's chain, its issuer (certification centre and college) and a verifier."""

    chain: CoreSettings
    issuer: RunningIssuer
    #: the issuer's account, which publishes its catalog and anchors its credentials
    account: str
    verifier: str
    wallets: WalletSettings
    ipfs_api: str


@pytest.fixture
def acme_bank(tmp_path: Path, ipfs_daemon: IpfsDaemon) -> Iterator[Acme]:
    """A fresh chain where bootstrap publishes Acme's documents, not the demo's."""
    chain = make_settings(tmp_path / "bank", free_port())
    node = LocalChain(chain.data_dir, chain.local_chain_port, chain.chain_id)
    node.start()
    try:
        asyncio.run(Ledger.deploy_dev(chain, fast_kdf=True))
        settings = issuer_settings(chain, ipfs_daemon)
        report = asyncio.run(
            bootstrap_issuer(settings, fast_kdf=True, documents=(acme.framework(), acme.catalog()))
        )
        assert report.accredited and report.catalog_uri.startswith("ipfs://")
        admin = (settings.data_dir / "issuer-admin.key").read_text().strip()
        port = free_port()
        verifier = VerifierSettings(
            **{
                **chain.model_dump(),
                "data_dir": tmp_path / "verifier",
                "ipfs_api": ipfs_daemon.api_url,
                "verifier_port": port,
                "verifier_public_url": f"http://127.0.0.1:{port}",
                "database_url": f"sqlite+aiosqlite:///{tmp_path / 'verifier.db'}",
            }
        )
        shutil.copytree(chain.data_dir / "deployments", verifier.data_dir / "deployments")
        wallets = WalletSettings(
            **{
                **chain.model_dump(),
                "ipfs_api": ipfs_daemon.api_url,
                "wallet_dir": tmp_path / "wallets",
                "wallet_kdf_cost": 2**10,
            }
        )
        with (
            serve(create_issuer_app(settings, fast_kdf=True), settings.issuer_port) as url,
            serve(create_verifier_app(verifier), port) as verifier_url,
        ):
            yield Acme(
                chain, RunningIssuer(url, settings, admin), report.issuer_account, verifier_url,
                wallets, ipfs_daemon.api_url,
            )  # fmt: skip
    finally:
        node.stop()


@pytest.fixture
def store(acme_bank: Acme) -> WalletStore:
    return WalletStore(acme_bank.wallets.wallets_folder, kdf_cost=2**10)


@pytest.fixture
async def ledger(acme_bank: Acme, tmp_path: Path) -> AsyncIterator[Ledger]:
    """The tests' own view of Acme's chain, with the governor's key (per event loop)."""
    settings = acme_bank.chain.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 'tests.db'}"}
    )
    opened = await Ledger.open(settings, fast_kdf=True)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def ipfs(acme_bank: Acme) -> AsyncIterator[IpfsClient]:
    async with IpfsClient(acme_bank.ipfs_api, fetch_timeout=2.0) as client:
        yield client


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=120) as client:
        yield client


class KeepsAnything:
    """A wallet seam that keeps whatever it is given: to put a credential before the desk
    that the real wallet would refuse (the desk must refuse it on its own)."""

    async def check(self, vc: object, receipt: object | None) -> CheckOutcome:
        return CheckOutcome(valid=True, status="active")


async def issued_credential(
    http: httpx.AsyncClient, issuer: RunningIssuer, credential_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A credential the issuer holds, and its anchor receipt."""
    answer = await http.get(
        f"{issuer.url}/credentials/{credential_id}", headers=auth(issuer.admin_key)
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["receipt"] is not None, body
    return body["credential"], body["receipt"]


async def chain_time(ledger: Ledger) -> int:
    """The chain head's timestamp."""
    block = await ledger.client.call(lambda w3: w3.eth.get_block("latest"))
    return int(block["timestamp"])


async def move_chain_clock(ledger: Ledger, seconds: int) -> None:
    """Mine a block ``seconds`` later than the chain's clock says (anvil)."""
    provider: Any = ledger.client.w3.provider
    await provider.make_request("evm_increaseTime", [seconds])
    await provider.make_request("evm_mine", [])


@pytest.fixture
async def bare_ledger(tmp_path: Path) -> AsyncIterator[Ledger]:
    """A fresh chain with the registry and nothing published yet, opened with the governor."""
    chain = make_settings(tmp_path / "bare", free_port())
    node = LocalChain(chain.data_dir, chain.local_chain_port, chain.chain_id)
    node.start()
    try:
        await Ledger.deploy_dev(chain, fast_kdf=True)
        settings = chain.model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{tmp_path / 'bare.db'}"}
        )
        opened = await Ledger.open(settings, fast_kdf=True)
        try:
            yield opened
        finally:
            await opened.close()
    finally:
        node.stop()
