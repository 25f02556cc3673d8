"""A chain of the test's own: issuers bootstrapped here publish the demo documents afresh."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from devnet import LocalChain
from node.config import CoreSettings
from node.ledger import Ledger
from tests.conftest import free_port, make_settings


@pytest.fixture
def own_chain(tmp_path: Path) -> Iterator[CoreSettings]:
    """A fresh anvil with the registry deployed; its data dir holds the governor's key."""
    settings = make_settings(tmp_path / "bank", free_port())
    chain = LocalChain(settings.data_dir, settings.local_chain_port, settings.chain_id)
    chain.start()
    try:
        asyncio.run(Ledger.deploy_dev(settings, fast_kdf=True))
        yield settings
    finally:
        chain.stop()
