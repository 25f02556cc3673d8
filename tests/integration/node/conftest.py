from collections.abc import Iterator
from pathlib import Path

import pytest

from devnet import LocalChain
from node.config import CoreSettings
from tests.conftest import free_port, make_settings


@pytest.fixture
def private_chain(tmp_path: Path) -> Iterator[tuple[CoreSettings, LocalChain]]:
    """A chain of this test's own, for stopping, restarting and rewinding."""
    settings = make_settings(tmp_path, free_port())
    chain = LocalChain(settings.data_dir, settings.local_chain_port, settings.chain_id)
    chain.start()
    try:
        yield settings, chain
    finally:
        chain.stop()
