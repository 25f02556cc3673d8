"""Hostile requests against each real service: each is refused with a problem, and it keeps serving.

The services run in this test process (as threads), so a request that crashed the interpreter
would end the test run itself: that is how deep JSON killed ``creditbank up``.
"""

from __future__ import annotations

import base64
import zlib

import httpx
import pytest

from tests.e2e.conftest import RunningIssuer

DEEP = b"[" * 100_000 + b"]" * 100_000


def _services(
    issuer: RunningIssuer, verifier_url: str, wallet_url: str
) -> dict[str, tuple[str, str]]:
    """Each service's base URL and one JSON route of it that anyone may call."""
    return {
        "issuer": (issuer.url, "/applications/challenge"),
        "verifier": (verifier_url, "/credentials/verify"),
        "wallet": (wallet_url, "/wallet/unlock"),
    }


@pytest.fixture
def services(
    running_issuer: RunningIssuer, verifier_url: str, wallet_url: str
) -> dict[str, tuple[str, str]]:
    return _services(running_issuer, verifier_url, wallet_url)


@pytest.mark.parametrize("service", ["issuer", "verifier", "wallet"])
async def test_deep_json_is_refused_and_the_service_keeps_serving(
    services: dict[str, tuple[str, str]], http: httpx.AsyncClient, service: str
) -> None:
    url, route = services[service]
    response = await http.post(
        url + route, content=DEEP, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "JSON_TOO_DEEP"
    # no media type at all: FastAPI would parse it as JSON, so it is scanned too
    response = await http.post(url + route, content=DEEP)
    assert response.json()["code"] == "JSON_TOO_DEEP"
    assert (await http.get(url + "/openapi.json")).status_code == 200


async def test_a_package_link_bomb_is_refused_and_the_verifier_keeps_serving(
    verifier_url: str, http: httpx.AsyncClient
) -> None:
    packed = base64.urlsafe_b64encode(zlib.compress(DEEP, 9)).decode().rstrip("=")
    assert len(packed) < 1000  # a link short enough to paste anywhere
    response = await http.get(f"{verifier_url}/?package=z.{packed}")
    assert response.status_code == 400
    assert "too deep" in response.text.lower() or "nested" in response.text.lower()
    response = await http.post(verifier_url + "/", data={"package": "[" * 20_000 + "]" * 20_000})
    assert response.status_code == 400
    assert (await http.get(verifier_url + "/")).status_code == 200


@pytest.mark.parametrize("service", ["issuer", "verifier", "wallet"])
async def test_a_forged_host_is_refused(
    services: dict[str, tuple[str, str]], http: httpx.AsyncClient, service: str
) -> None:
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host."""
    url, route = services[service]
    port = url.rsplit(":", 1)[1]
    forged = await http.post(url + route, json={}, headers={"host": f"evil.example:{port}"})
    assert forged.status_code == 400
    assert forged.json()["code"] == "HOST_NOT_ALLOWED"
    page = await http.get(url + "/openapi.json", headers={"host": "evil.example"})
    assert page.status_code == 400
    assert (await http.get(url + "/openapi.json", headers={"host": f"localhost:{port}"})).is_success


async def test_a_presentation_of_many_credentials_is_refused_before_any_is_verified(
    verifier_url: str, http: httpx.AsyncClient
) -> None:
    """500 copies of a credential with a fake proof took 198 s of CPU before the limit."""
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        "proof": {"type": "Ed25519Signature2020", "proofValue": "z" + "1" * 80},
    }
    body = {
        "verifiablePresentation": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [credential] * 51,
        },
        "options": {"challenge": "c"},
    }
    refused = await http.post(verifier_url + "/presentations/verify", json=body)
    assert refused.status_code == 413
    assert refused.json()["code"] == "TOO_MANY_ITEMS"
    assert (await http.get(verifier_url + "/openapi.json")).status_code == 200
