"""The three services served for the fuzzer, each with state of its own.

The fuzzer writes junk on purpose (operators, wallets, failed unlocks, challenges up to the
quota), so its issuer and wallet keep their own databases: nothing it does can reach the
session issuer or the wallet back-off counters other tests rely on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from devnet import IpfsDaemon
from issuer.app import create_app as create_issuer_app
from issuer.bootstrap import bootstrap_issuer
from node.config import CoreSettings
from tests.conftest import free_port
from tests.e2e.conftest import RunningIssuer, issuer_settings
from tests.e2e.learners import PASSPHRASE
from tests.e2e.resilience.issuers import own_data_dir
from tests.servers import serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings
from wallet.app import create_app as create_wallet_app
from wallet.settings import WalletSettings


@dataclass(frozen=True)
class Target:
    """One served service: where it listens and how the fuzzer authenticates to it."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    #: the body of ``POST /wallet/unlock`` that opens the fuzzer's wallet
    unlock: dict[str, str] | None = None


@pytest.fixture(scope="module")
def fuzz_issuer(
    chain_settings: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    tmp_path_factory: pytest.TempPathFactory,
    running_issuer: RunningIssuer,
) -> Iterator[Target]:
    """An issuer of its own on the session chain, authenticated as its administrator.

    It takes the session issuer's record of the published framework and catalog.
    """
    data_dir = own_data_dir(
        chain_settings, tmp_path_factory.mktemp("fuzz-issuer"), running_issuer.settings.data_dir
    )
    settings = issuer_settings(chain_settings, ipfs_daemon, data_dir=data_dir)
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    admin_key = (data_dir / "issuer-admin.key").read_text().strip()
    with serve(create_issuer_app(settings, fast_kdf=True), settings.issuer_port) as url:
        yield Target(url, {"X-API-Key": admin_key})


@pytest.fixture(scope="module")
def fuzz_verifier(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """The verifier with its own challenge database; it needs no authentication."""
    port = free_port()
    folder = tmp_path_factory.mktemp("fuzz-verifier")
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(),
            "verifier_port": port,
            "verifier_public_url": f"http://127.0.0.1:{port}",
            "ipfs_api": ipfs_daemon.api_url,
            "database_url": f"sqlite+aiosqlite:///{folder / 'verifier.db'}",
        }
    )
    with serve(create_verifier_app(settings), port) as url:
        yield Target(url)


@pytest.fixture(scope="module")
def fuzz_wallet(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """A wallet service with its own database and a wallet unlocked for the fuzzer."""
    folder: Path = tmp_path_factory.mktemp("fuzz-wallet")
    settings = WalletSettings(
        **{
            **chain_settings.model_dump(),
            "wallet_dir": folder / "wallets",
            "wallet_kdf_cost": 2**10,
            "wallet_port": free_port(),
            "ipfs_api": ipfs_daemon.api_url,
            "database_url": f"sqlite+aiosqlite:///{folder / 'wallet.db'}",
            "http_timeout_seconds": 30,
        }
    )
    with serve(create_wallet_app(settings), settings.wallet_port) as url:
        unlock = {"passphrase": PASSPHRASE, "name": "fuzz-learner"}
        created = httpx.post(f"{url}/wallet", json=unlock, timeout=60)
        assert created.status_code == 201, created.text
        token = created.json()["token"]
        yield Target(url, {"Authorization": f"Bearer {token}"}, unlock)
