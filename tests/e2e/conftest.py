import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from devnet import IpfsDaemon
from issuer.app import create_app
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.config import CoreSettings
from node.documents import load_demo_framework
from tests.conftest import free_port
from tests.servers import serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings
from wallet import CredentialChecker, VerifierChecker, WalletSettings, WalletStore, open_registry
from wallet.app import create_app as create_wallet_app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@dataclass(frozen=True)
class RunningIssuer:
    url: str
    settings: IssuerSettings
    admin_key: str


def issuer_settings(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, **overrides: object
) -> IssuerSettings:
    port = free_port()
    values = {
        **chain_settings.model_dump(),
        "ipfs_api": ipfs_daemon.api_url,
        "issuer_port": port,
        "issuer_public_url": f"http://127.0.0.1:{port}",
        "batch_size": 500,
        "batch_max_age_seconds": 0.3,
        "accreditation_cache_seconds": 0,
        **overrides,
    }
    return IssuerSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def running_issuer(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon
) -> Iterator[RunningIssuer]:
    """The issuer served on 127.0.0.1 over the session chain and IPFS daemon."""
    settings = issuer_settings(chain_settings, ipfs_daemon)
    report = asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    assert report.accredited and report.catalog_uri.startswith("ipfs://")
    admin_key = (settings.data_dir / "issuer-admin.key").read_text().strip()
    with serve(create_app(settings, fast_kdf=True), settings.issuer_port) as url:
        yield RunningIssuer(url, settings, admin_key)


@pytest.fixture
def wallet_settings(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> WalletSettings:
    """Wallets in a fresh folder; the chain (and its deployment record) and IPFS of the session."""
    return WalletSettings(
        **{
            **chain_settings.model_dump(),
            "ipfs_api": ipfs_daemon.api_url,
            "wallet_dir": tmp_path / "wallets",
            "wallet_kdf_cost": 2**10,
        }
    )


@pytest.fixture
def store(wallet_settings: WalletSettings) -> WalletStore:
    return WalletStore(wallet_settings.wallets_folder, kdf_cost=wallet_settings.wallet_kdf_cost)


@pytest.fixture
async def checker(wallet_settings: WalletSettings) -> AsyncIterator[CredentialChecker]:
    """The shared ``node.verification.Verifier`` behind the wallet's seam."""
    async with open_registry(wallet_settings) as registry:
        yield VerifierChecker(registry, framework=load_demo_framework())


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=120) as client:
        yield client


@pytest.fixture
def wallet_url(wallet_settings: WalletSettings) -> Iterator[str]:
    """A learner's wallet service on a free loopback port."""
    settings = wallet_settings.model_copy(update={"wallet_port": free_port()})
    with serve(create_wallet_app(settings), settings.wallet_port) as url:
        yield url


@pytest.fixture
def verifier_url(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> Iterator[str]:
    """The verifier on a free loopback port: a chain node URL and its own challenge database."""
    port = free_port()
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(),
            "ipfs_api": ipfs_daemon.api_url,  # catalogs in force, read by digest
            "verifier_port": port,
            "verifier_public_url": f"http://127.0.0.1:{port}",
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'verifier.db'}",
            "max_body_bytes": 200_000,
        }
    )
    with serve(create_verifier_app(settings), port) as url:
        yield url
