"""Issuers in their own processes, on a chain of their own, for tests that kill and cut things."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from devnet import IpfsDaemon
from issuer.models import IssuedCredential
from issuer.settings import IssuerSettings
from node.config import CoreSettings
from node.storage import Database
from tests.e2e.resilience.issuers import IssuerProcess, dedicated_chain, prepare_issuer


@dataclass(frozen=True)
class Served:
    """An issuer process, its settings and its administrator's key."""

    process: IssuerProcess
    settings: IssuerSettings
    admin_key: str

    def client(self) -> httpx.AsyncClient:
        """A client of this issuer, authenticated as its administrator."""
        return httpx.AsyncClient(
            base_url=self.process.url, headers={"X-API-Key": self.admin_key}, timeout=900
        )


@pytest.fixture
def own_chain(tmp_path: Path) -> Iterator[CoreSettings]:
    """A chain node of this test's own (mining is paused and resumed on it); each issuer
    bootstrapped on a fresh chain publishes its framework and catalog there itself."""
    with dedicated_chain(tmp_path / "chain") as (settings, _):
        yield settings


def serve_issuer(
    chain: CoreSettings, ipfs: IpfsDaemon, folder: Path, **overrides: object
) -> Served:
    """Bootstrap an issuer in ``folder`` and start it in its own process.

    Batches of 500 and the production accreditation cache (15 s): an import spans several
    batches, and the chain is asked about the accreditation as a deployed issuer asks.
    """
    values: dict[str, object] = {
        "batch_size": 500,
        "batch_max_age_seconds": 1.0,
        "accreditation_cache_seconds": 15,
        **overrides,
    }
    settings, admin_key = prepare_issuer(chain, ipfs, folder / "data", **values)
    process = IssuerProcess(settings, folder / "issuer.log")
    process.start()
    return Served(process, settings, admin_key)


@pytest.fixture
def issuer_process(
    own_chain: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> Iterator[Served]:
    """An issuer of its own in its own process on the test's chain; stopped at the end."""
    served = serve_issuer(own_chain, ipfs_daemon, tmp_path)
    try:
        yield served
    finally:
        served.process.stop()


async def stored_credentials(db: Database) -> int:
    """How many credentials the issuer has committed so far."""
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(IssuedCredential)) or 0)
