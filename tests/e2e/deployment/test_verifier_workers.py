"""Two verifier workers share their challenges: one worker's challenge is used up by the other.

``creditbank serve verifier --workers 2`` on one PostgreSQL database. Which worker answered
each request is read from the served process's JSON log (each line has the worker's pid and
the request's id), so the test can tell a challenge issued by one worker and consumed by the
other apart from one that stayed on one worker. A replay is refused by either worker, and
``/metrics`` from any worker sums both workers' requests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from devnet import IpfsDaemon
from node.config import CoreSettings
from tests.conftest import free_port
from tests.e2e.deployment.metrics_text import sample
from tests.e2e.deployment.served import env_of, json_lines, served
from tests.e2e.verifier.conftest import Learner, learner  # noqa: F401 - the fixture
from tests.servers import PostgresServer
from verifier.settings import VerifierSettings

ATTEMPTS = 40  # challenge/verify pairs tried until one crosses workers


def pid_of(log: Path, request_id: str) -> int:
    """The pid of the worker that logged the request's access line."""
    [pid] = {
        line["pid"]
        for line in json_lines(log)
        if line["request_id"] == request_id and line["logger"] == "uvicorn.access"
    }
    return int(pid)


def fresh(method: str, url: str, request_id: str, **kwargs: Any) -> httpx.Response:
    """One request on a connection of its own, so the kernel picks a worker afresh."""
    with httpx.Client(timeout=120, limits=httpx.Limits(max_keepalive_connections=0)) as http:
        return http.request(method, url, headers={"X-Request-ID": request_id}, **kwargs)


def failed(report: dict[str, Any]) -> set[str]:
    return {c["name"] for c in report["checks"] if c["status"] != "passed"}


async def test_a_challenge_from_one_worker_is_used_up_by_the_other(
    chain_settings: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    postgres: PostgresServer,
    learner: Learner,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(),
            "ipfs_api": ipfs_daemon.api_url,
            "verifier_port": port,
            "verifier_public_url": url,
            "database_url": postgres.create_database(),
        }
    )
    log = tmp_path / "verifier.log"
    env = env_of(settings, CREDITBANK_LOG_FORMAT="json")
    requests = 0
    replays = 0  # verify requests answered invalid: every one after the crossing pair
    with served(["serve", "verifier", "--workers", "2"], env, log, url):
        crossed: tuple[dict[str, Any], int] | None = None
        workers_seen: set[int] = set()
        for attempt in range(ATTEMPTS):
            asked = fresh("POST", f"{url}/challenges", f"challenge-{attempt}")
            assert asked.status_code == 201, asked.text
            challenge = asked.json()
            package = await learner.wallet.present(
                learner.credential_ids,
                challenge=challenge["challenge"],
                domain=challenge["domain"],
            )
            answer = fresh("POST", f"{url}/packages/verify", f"verify-{attempt}", json=package)
            requests += 2
            assert answer.status_code == 200, answer.text
            assert answer.json()["verdict"] == "valid", answer.text
            issued_by = pid_of(log, f"challenge-{attempt}")
            used_by = pid_of(log, f"verify-{attempt}")
            workers_seen |= {issued_by, used_by}
            if issued_by != used_by:
                crossed = (package, issued_by)
                break
        assert crossed is not None, f"every pair stayed on one worker: {workers_seen}"
        package, issuer_pid = crossed

        # the replay is refused, by the worker that issued the challenge and by the other
        replayed_on: set[int] = set()
        for replay in range(ATTEMPTS):
            again = fresh("POST", f"{url}/packages/verify", f"replay-{replay}", json=package)
            requests += 1
            replays += 1
            assert again.status_code == 200, again.text
            assert again.json()["verdict"] == "invalid"
            assert failed(again.json()) == {"challenge"}
            replayed_on.add(pid_of(log, f"replay-{replay}"))
            if len(replayed_on) == 2:
                break
        assert issuer_pid in replayed_on and len(replayed_on) == 2, replayed_on

        # either worker's /metrics counts both workers' requests
        for look in range(4):
            page = fresh("GET", f"{url}/metrics", f"metrics-{look}").text
            counted = sum(
                sample(page, "creditbank_http_requests_total", route=route)
                for route in ("/challenges", "/packages/verify")
            )
            assert counted == requests
            valid = sample(page, "creditbank_verifications_total", kind="package", verdict="valid")
            assert valid == (requests - replays) // 2
            invalid = sample(
                page, "creditbank_verifications_total", kind="package", verdict="invalid"
            )
            assert invalid == replays
