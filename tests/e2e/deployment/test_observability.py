"""``/metrics``, request ids and JSON logs on real services over HTTP.

The counters are read as Prometheus reads them, before and after a request, so a counter that
did not move fails. The JSON log lines are those of a real ``creditbank serve`` process.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from devnet import IpfsDaemon
from node.config import CoreSettings
from node.credentials import did_key, generate_key
from tests.conftest import free_port
from tests.e2e.conftest import RunningIssuer
from tests.e2e.deployment.metrics_text import routes, sample
from tests.e2e.deployment.served import env_of, json_lines, served
from tests.e2e.issuer.helpers import auth
from verifier.settings import VerifierSettings

PROMETHEUS_TEXT = re.compile(r"text/plain; version=\d+\.\d+\.\d+; charset=utf-8")


def metrics(url: str) -> str:
    answer = httpx.get(f"{url}/metrics")
    assert answer.status_code == 200, answer.text
    assert PROMETHEUS_TEXT.fullmatch(answer.headers["content-type"])
    return answer.text


def test_issuer_metrics_move_with_an_issuance(running_issuer: RunningIssuer) -> None:
    url = running_issuer.url
    before = metrics(url)
    issued = httpx.post(
        f"{url}/issuance",
        json={
            "learner_did": did_key(generate_key()),
            "standard_code": "1X-WFED",
            "grade": "intermediate",
        },
        headers=auth(running_issuer.admin_key),
        timeout=60,
    )
    assert issued.status_code == 201, issued.text
    credential_id = issued.json()["issued"]["credential_id"]
    assert httpx.get(f"{url}/credentials/{credential_id}").status_code in (200, 401, 403)
    assert httpx.get(f"{url}/no-such-route-{credential_id}").status_code == 404
    after = metrics(url)

    name = "creditbank_credentials_issued_total"
    assert sample(after, name) == sample(before, name) + 1
    posted = {"method": "POST", "route": "/issuance", "status": "201"}
    name = "creditbank_http_requests_total"
    assert sample(after, name, **posted) == sample(before, name, **posted) + 1
    count = "creditbank_http_request_duration_seconds_count"
    assert sample(after, count, method="POST", route="/issuance") >= 1
    # templates, never raw paths: an id or a scanned path never becomes a series of its own
    seen = routes(after)
    assert "/credentials/{credential_id}" in seen
    assert "<unmatched>" in seen
    assert not [r for r in seen if credential_id in r]


def test_anchor_lag_is_observed_when_an_issuance_is_anchored(
    running_issuer: RunningIssuer,
) -> None:
    url = running_issuer.url
    count, total = "creditbank_anchor_lag_seconds_count", "creditbank_anchor_lag_seconds_sum"
    before = metrics(url)
    issued = httpx.post(
        f"{url}/issuance",
        json={"learner_did": did_key(generate_key()), "standard_code": "CRS-PYTHON"},
        headers=auth(running_issuer.admin_key),
        timeout=60,
    )
    assert issued.status_code == 201, issued.text
    # the flush holds the anchorer's lock: when it answers, every pending batch is anchored
    flushed = httpx.post(
        f"{url}/anchoring/flush", headers=auth(running_issuer.admin_key), timeout=60
    )
    assert flushed.status_code == 200, flushed.text
    credential_id = issued.json()["issued"]["credential_id"]
    shown = httpx.get(f"{url}/credentials/{credential_id}", headers=auth(running_issuer.admin_key))
    assert shown.status_code == 200 and shown.json()["receipt"] is not None, shown.text
    after = metrics(url)

    assert sample(after, count) >= sample(before, count) + 1
    assert sample(after, total) > sample(before, total)
    assert sample(after, "creditbank_anchor_lag_seconds_bucket", le="+Inf") == sample(after, count)


def test_metrics_are_read_only(running_issuer: RunningIssuer) -> None:
    for method in ("POST", "PUT", "DELETE"):
        answer = httpx.request(method, f"{running_issuer.url}/metrics", content=b"x 1\n")
        assert answer.status_code == 405, answer.text
        assert answer.headers["content-type"] == "application/problem+json"


def test_verifications_are_counted_by_verdict(verifier_url: str) -> None:
    labels = {"kind": "credential", "verdict": "invalid"}
    before = sample(metrics(verifier_url), "creditbank_verifications_total", **labels)
    answer = httpx.post(
        f"{verifier_url}/credentials/verify", json={"verifiableCredential": {"id": "x"}}
    )
    assert answer.status_code == 422, answer.text
    after = sample(metrics(verifier_url), "creditbank_verifications_total", **labels)
    assert after == before + 1


def test_request_ids_are_echoed_logged_and_replaced_when_bad(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(),
            "ipfs_api": ipfs_daemon.api_url,
            "verifier_port": port,
            "verifier_public_url": url,
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'verifier.db'}",
        }
    )
    log = tmp_path / "verifier.log"
    env = env_of(settings, CREDITBANK_LOG_FORMAT="json")
    with served(["serve", "verifier"], env, log, url):
        kept = httpx.get(f"{url}/healthz", headers={"X-Request-ID": "trace-7f3a.01:b_c"})
        assert kept.headers["x-request-id"] == "trace-7f3a.01:b_c"

        bad_ids = ["two words", "x" * 129, "-leading-dash", "<script>", "é-accent"]
        replaced = []
        for bad in bad_ids:
            answer = httpx.get(f"{url}/healthz", headers={"X-Request-ID": bad.encode()})
            assert answer.status_code == 200
            new = answer.headers["x-request-id"]
            assert new != bad and re.fullmatch(r"[0-9a-f]{32}", new), new
            replaced.append(new)
        assert len(set(replaced)) == len(replaced)  # each request its own

        fresh = httpx.get(f"{url}/healthz").headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", fresh)

        problem = httpx.get(f"{url}/nowhere", headers={"X-Request-ID": "lost-request-42"})
        assert problem.status_code == 404
        assert problem.headers["x-request-id"] == "lost-request-42"
        assert problem.json()["request_id"] == "lost-request-42"

        metrics_page = httpx.get(f"{url}/metrics")
        assert sample(metrics_page.text, "creditbank_http_requests_total", route="/healthz") >= 7

    lines = json_lines(log)
    assert lines, log.read_text()
    assert all({"time", "level", "logger", "message", "request_id"} <= set(x) for x in lines)
    by_id = {x["request_id"]: x for x in lines if x["request_id"]}
    assert "GET /healthz" in by_id["trace-7f3a.01:b_c"]["message"]
    assert by_id["trace-7f3a.01:b_c"]["logger"] == "uvicorn.access"
    assert "GET /nowhere" in by_id["lost-request-42"]["message"]
    for new in [*replaced, fresh]:
        assert new in by_id
    text = log.read_text()
    assert "two words" not in text and "<script>" not in text
    # lines outside any request (start-up) carry no id
    assert any(x["request_id"] is None for x in lines)
