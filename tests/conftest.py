"""Shared fixtures: a real anvil node per test session, the registry deployed on it once.

Database tests run on SQLite and on a real PostgreSQL server (started once per session, like
the chain node): tests under ``DATABASE_TESTS`` that use ``ledger``, ``database_url`` or
``backend_database_url`` get one run per backend.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from devnet import IpfsDaemon, LocalChain
from node.config import CoreSettings
from node.ledger import Ledger
from tests.servers import PostgresServer

TEST_PASSPHRASE = "test-passphrase-not-secret"
#: Folders whose database tests run on both backends.
DATABASE_TESTS = (
    "tests/integration/node/",
    "tests/integration/issuer/",
    "tests/integration/storage/",
)
BACKENDS = ("sqlite", "postgresql")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_settings(data_dir: Path, port: int, **overrides: object) -> CoreSettings:
    """Settings for a test chain in its own data dir."""
    return CoreSettings(
        data_dir=data_dir,
        local_chain_port=port,
        keystore_passphrase=SecretStr(TEST_PASSPHRASE),
        rpc_retries=1,
        rpc_backoff_seconds=0.05,
        **overrides,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def chain_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreSettings]:
    """A real local node on 127.0.0.1 with the registry deployed; stopped by PID at the end."""
    data_dir = tmp_path_factory.mktemp("chain")
    settings = make_settings(data_dir, free_port())
    chain = LocalChain(settings.data_dir, settings.local_chain_port, settings.chain_id)
    chain.start()
    try:
        asyncio.run(Ledger.deploy_dev(settings, fast_kdf=True))
        yield settings
    finally:
        chain.stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One run per database backend for the database tests."""
    path = str(metafunc.definition.path)
    if "db_backend" in metafunc.fixturenames and any(d in path for d in DATABASE_TESTS):
        metafunc.parametrize("db_backend", BACKENDS, indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` unless the test is parametrised over both backends."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on 127.0.0.1 (throwaway data dir), started on first use."""
    server = PostgresServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_ledger_url(postgres: PostgresServer) -> str:
    """One PostgreSQL database the session's ledgers share, as they share one SQLite file."""
    return postgres.create_database("ledger")


@pytest.fixture
def backend_database_url(db_backend: str, request: pytest.FixtureRequest) -> str | None:
    """``database_url`` for settings: ``None`` (the data dir's SQLite file) or PostgreSQL's."""
    if db_backend == "postgresql":
        return str(request.getfixturevalue("postgres_ledger_url"))
    return None


@pytest.fixture
async def ledger(
    chain_settings: CoreSettings, backend_database_url: str | None
) -> AsyncIterator[Ledger]:
    """The core assembled over the session's chain, opened per test (per event loop)."""
    settings = chain_settings.model_copy(update={"database_url": backend_database_url})
    opened = await Ledger.open(settings, fast_kdf=True)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(scope="session")
def ipfs_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IpfsDaemon]:
    """A real offline js-ipfs daemon on a free loopback port; stopped by PID at the end."""
    daemon = IpfsDaemon(tmp_path_factory.mktemp("ipfs"), api_port=free_port())
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def database_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database for one test, on the test's backend."""
    if db_backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        return server.create_database()
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
