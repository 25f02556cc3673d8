from collections.abc import AsyncIterator

import pytest

from devnet import IpfsDaemon
from node.documents import IpfsClient


@pytest.fixture
async def ipfs(ipfs_daemon: IpfsDaemon) -> AsyncIterator[IpfsClient]:
    """A client of the session's daemon, opened per test (per event loop)."""
    async with IpfsClient(ipfs_daemon.api_url, fetch_timeout=1.0) as client:
        yield client
