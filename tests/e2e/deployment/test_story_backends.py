"""One end-to-end story on each database backend: certify, keep, present, verify, replay.

An issuer and a verifier of their own, each on SQLite (files in the data dir) or on a
PostgreSQL database of its own, served on 127.0.0.1 over the session's chain and IPFS.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devnet import IpfsDaemon
from issuer.app import create_app as create_issuer_app
from issuer.bootstrap import bootstrap_issuer
from node.config import CoreSettings
from node.documents import load_demo_framework
from tests.conftest import BACKENDS, free_port
from tests.e2e.conftest import RunningIssuer, issuer_settings
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.servers import PostgresServer, serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings
from wallet import (
    VerifierChecker,
    Wallet,
    WalletSettings,
    WalletStore,
    open_registry,
    parse_offer,
)


@pytest.fixture
def database_of(db_backend: str, request: pytest.FixtureRequest) -> Iterator[dict[str, str | None]]:
    """A database URL per service: ``None`` for SQLite files, fresh PostgreSQL databases."""
    if db_backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        yield {"issuer": server.create_database(), "verifier": server.create_database()}
    else:
        yield {"issuer": None, "verifier": None}


@pytest.fixture
def story_issuer(
    own_chain: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    database_of: dict[str, str | None],
) -> Iterator[RunningIssuer]:
    """An issuer on the test's own chain, with its database on the test's backend."""
    settings = issuer_settings(own_chain, ipfs_daemon, database_url=database_of["issuer"])
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    admin_key = (settings.data_dir / "issuer-admin.key").read_text().strip()
    with serve(create_issuer_app(settings, fast_kdf=True), settings.issuer_port) as url:
        yield RunningIssuer(url, settings, admin_key)


@pytest.fixture
def story_verifier(
    own_chain: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    database_of: dict[str, str | None],
    tmp_path: Path,
) -> Iterator[str]:
    port = free_port()
    settings = VerifierSettings(
        **{
            **own_chain.model_dump(),
            "data_dir": tmp_path / "verifier",
            "ipfs_api": ipfs_daemon.api_url,
            "verifier_port": port,
            "verifier_public_url": f"http://127.0.0.1:{port}",
            "database_url": database_of["verifier"],
        }
    )
    shutil.copytree(own_chain.data_dir / "deployments", settings.data_dir / "deployments")
    with serve(create_verifier_app(settings), port) as url:
        yield url


@pytest.mark.parametrize("db_backend", BACKENDS, indirect=True)
async def test_certify_keep_present_and_verify(
    db_backend: str,
    own_chain: CoreSettings,
    story_issuer: RunningIssuer,
    story_verifier: str,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    wallets = WalletSettings(**{**own_chain.model_dump(), "wallet_dir": tmp_path / "wallets"})
    store = WalletStore(wallets.wallets_folder, kdf_cost=2**10)
    wallet = await Wallet.create(store, f"story-{db_backend}", PASSPHRASE)
    offer = await issue_offer(http, story_issuer, wallet.did, "1X-WFED", grade="intermediate")
    async with open_registry(wallets) as registry:
        checker = VerifierChecker(registry, framework=load_demo_framework())
        received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
    assert [c.label for c in received.kept] == ["valid"], received

    asked = (await http.post(f"{story_verifier}/challenges")).json()
    package = await wallet.present(
        [offer["issued"]["credential_id"]], challenge=asked["challenge"], domain=asked["domain"]
    )
    report = (await http.post(f"{story_verifier}/packages/verify", json=package)).json()
    assert report["verdict"] == "valid", report
    assert report["holder"] == wallet.did

    # the challenge is spent in the verifier's database: a replay fails on it alone
    replayed = (await http.post(f"{story_verifier}/packages/verify", json=package)).json()
    assert replayed["verdict"] == "invalid"
    failed = {c["name"] for c in replayed["checks"] if c["status"] != "passed"}
    assert failed == {"challenge"}
