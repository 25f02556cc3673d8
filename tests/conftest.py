"""Shared fixtures: a real anvil node per test session, the registry deployed on it once."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from node.chain import LocalChain
from node.config import CoreSettings
from node.documents import IpfsDaemon
from node.ledger import Ledger

TEST_PASSPHRASE = "test-passphrase-not-secret"


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


@pytest.fixture
async def ledger(chain_settings: CoreSettings) -> AsyncIterator[Ledger]:
    """The core assembled over the session's chain, opened per test (per event loop)."""
    opened = await Ledger.open(chain_settings, fast_kdf=True)
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
def database_url(tmp_path: Path) -> str:
    """A fresh, empty database for one test."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
