"""A three-member consortium of real ethereumjs Clique validators on loopback, per test module."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from devnet.consortium import Consortium, deploy_on_consortium
from node.config import CoreSettings
from tests.conftest import TEST_PASSPHRASE, free_port


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/consortium/" in str(item.fspath):
            item.add_marker(pytest.mark.consortium)


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive loopback ports nobody listens on."""
    while True:
        base = free_port()
        if base + count < 65_000 and all(_free(base + i) for i in range(count)):
            return base


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def member_settings(consortium: Consortium, data_dir: Path, *urls: str) -> CoreSettings:
    """A service's settings: member URLs and the chain id, nothing else about the chain."""
    return CoreSettings(
        data_dir=data_dir,
        rpc_urls=list(urls),
        chain_id=consortium.chain_id,
        confirmations=2,
        tx_timeout_seconds=90,
        rpc_retries=1,
        rpc_backoff_seconds=0.1,
        keystore_passphrase=SecretStr(TEST_PASSPHRASE),
    )


@pytest.fixture(scope="module")
def consortium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Consortium]:
    """Three members, registry deployed through the first with all three as governors.

    One per module: a module that stops and restarts members leaves the next one a network
    that may still be catching up (governance proposals then never reached a lagging member).
    """
    root = tmp_path_factory.mktemp("consortium")
    members = Consortium(root, rpc_port=free_ports(3), p2p_port=free_ports(3))
    members.start()
    try:
        settings = member_settings(members, root / "services", members.members[0].url)
        asyncio.run(deploy_on_consortium(settings, members))
        yield members
    finally:
        members.stop()
