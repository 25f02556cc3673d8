"""The chain node is down for 30 s in the middle of a bulk import: nothing is lost.

A dedicated anvil (``--state`` in its data dir) serves one issuer process. Once part of the
list is stored the node is stopped, kept down for 30 s, and started again on the same port
from its state file. The import goes on signing while the chain is away; anchoring waits and
resumes; afterwards every credential is anchored exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from devnet import IpfsDaemon, LocalChain
from node.config import CoreSettings
from node.storage import Database
from tests.e2e.resilience.audit import audit
from tests.e2e.resilience.conftest import Served, serve_issuer, stored_credentials
from tests.e2e.resilience.issuers import dedicated_chain, rpc
from tests.e2e.resilience.test_issuer_crash import certificate_list

pytestmark = pytest.mark.slow

ROWS = 2000
OUTAGE_SECONDS = 30


@pytest.fixture
def chain_and_issuer(
    ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> Iterator[tuple[CoreSettings, LocalChain, Served]]:
    """A chain node of this test's own and an issuer process on it."""
    with dedicated_chain(tmp_path / "chain") as (settings, chain):
        served = serve_issuer(settings, ipfs_daemon, tmp_path / "issuer")
        try:
            yield settings, chain, served
        finally:
            served.process.stop()


async def test_a_30_second_chain_outage_during_a_bulk_import_loses_nothing(
    chain_and_issuer: tuple[CoreSettings, LocalChain, Served], tmp_path: Path
) -> None:
    settings, chain, served = chain_and_issuer
    csv = certificate_list(ROWS)
    db = Database(served.settings.effective_database_url)
    try:
        async with served.client() as http:
            headers = {"content-type": "text/csv"}
            importing = asyncio.create_task(
                http.post("/imports/certificates", content=csv, headers=headers)
            )
            while not importing.done():
                if await stored_credentials(db) >= 500:
                    break
                await asyncio.sleep(0.05)
            assert not importing.done(), "the import ended before the outage"
            block_before = int(rpc(settings, "eth_blockNumber"), 16)
            await asyncio.to_thread(chain.stop)
            stored_during = await stored_credentials(db)
            await asyncio.sleep(OUTAGE_SECONDS)
            await asyncio.to_thread(chain.start)
            assert int(rpc(settings, "eth_blockNumber"), 16) >= block_before  # state kept

            answer = await importing
            assert answer.status_code == 200, answer.text
            report = answer.json()
            assert report["problems"] == []
            assert report["accepted"] == ROWS
            flushed = await http.post("/anchoring/flush")
            assert flushed.status_code == 200, flushed.text
        served.process.stop()
    finally:
        await db.close()

    found = await audit(served.settings, tmp_path)
    assert len(found.credentials) == ROWS
    assert stored_during < ROWS  # the outage fell in the middle of the import
