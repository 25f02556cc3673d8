"""``/healthz`` and ``/readyz``: alive always; ready only while database, chain and IPFS answer."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from devnet import IpfsDaemon, LocalChain
from node.ledger import Ledger
from tests.conftest import free_port, make_settings
from tests.e2e.conftest import RunningIssuer
from tests.servers import serve
from verifier.app import create_app as create_verifier_app
from verifier.settings import VerifierSettings


def test_issuer_is_alive_and_ready(running_issuer: RunningIssuer) -> None:
    assert httpx.get(f"{running_issuer.url}/healthz").json() == {"status": "alive"}
    ready = httpx.get(f"{running_issuer.url}/readyz")
    assert ready.status_code == 200, ready.text
    assert {c["name"]: c["status"] for c in ready.json()["checks"]} == {
        "database": "passed",
        "chain": "passed",
        "ipfs": "passed",
    }


def _ready(url: str) -> httpx.Response:
    return httpx.get(f"{url}/readyz", timeout=30)


def test_readyz_turns_not_ready_when_the_chain_node_stops_and_ready_when_it_returns(
    tmp_path: Path, ipfs_daemon: IpfsDaemon
) -> None:
    core = make_settings(tmp_path, free_port())
    chain = LocalChain(core.data_dir, core.local_chain_port, core.chain_id)
    chain.start()
    try:
        asyncio.run(Ledger.deploy_dev(core, fast_kdf=True))
        port = free_port()
        settings = VerifierSettings(
            **{
                **core.model_dump(),
                "ipfs_api": ipfs_daemon.api_url,
                "verifier_port": port,
                "verifier_public_url": f"http://127.0.0.1:{port}",
            }
        )
        with serve(create_verifier_app(settings), port) as url:
            assert _ready(url).status_code == 200
            chain.stop()
            down = _ready(url)
            assert down.status_code == 503
            assert down.headers["content-type"].startswith("application/problem+json")
            problem = down.json()
            assert problem["code"] == "NOT_READY" and "chain" in problem["detail"]
            checks = {c["name"]: c["status"] for c in problem["checks"]}
            assert checks == {"database": "passed", "chain": "failed", "ipfs": "passed"}
            assert httpx.get(f"{url}/healthz").status_code == 200, "alive all the same"
            chain.start()
            deadline = time.monotonic() + 60
            while (answer := _ready(url)).status_code != 200:
                assert time.monotonic() < deadline, answer.text
                time.sleep(0.2)
    finally:
        chain.stop()
