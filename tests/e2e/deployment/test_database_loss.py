"""A service whose database goes away mid-run answers 503 problems, and is not ready."""

from __future__ import annotations

import httpx

from devnet import IpfsDaemon
from node.config import CoreSettings
from tests.conftest import free_port
from tests.servers import PostgresServer, serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings


def test_losing_postgresql_mid_run_gives_503_problems_not_crashes(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon
) -> None:
    database = PostgresServer(free_port())
    database.start()
    try:
        port = free_port()
        settings = VerifierSettings(
            **{
                **chain_settings.model_dump(),
                "ipfs_api": ipfs_daemon.api_url,
                "verifier_port": port,
                "verifier_public_url": f"http://127.0.0.1:{port}",
                "database_url": database.create_database(),
            }
        )
        with serve(create_verifier_app(settings), port) as url:
            assert httpx.post(f"{url}/challenges").status_code == 201
            database.stop()
            lost = httpx.post(f"{url}/challenges")
            assert lost.status_code == 503, lost.text
            assert lost.headers["content-type"].startswith("application/problem+json")
            assert lost.json()["code"] in {"STORAGE_FAILED", "DATABASE_UNAVAILABLE"}
            ready = httpx.get(f"{url}/readyz", timeout=30)
            assert ready.status_code == 503
            checks = {c["name"]: c["status"] for c in ready.json()["checks"]}
            assert checks["database"] == "failed" and checks["chain"] == "passed"
            assert httpx.get(f"{url}/healthz").status_code == 200
    finally:
        database.stop()
