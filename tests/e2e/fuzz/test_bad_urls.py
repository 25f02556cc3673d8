"""URLs a wallet is asked to fetch: bad ones are refused as input, a bad institution is named.

Found by the fuzzer: ``/plan`` and ``/conversions/apply`` with a non-http institution URL
answered 500, and ``/offers/redeem`` with a bare code and a non-URL issuer answered 502.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from node.conversion.demo import demo_programme_text, demo_rule_set_text
from tests.conftest import free_port
from tests.e2e.fuzz.conftest import Target

PROGRAMME = "demo-college:programme/software-technology"

BAD_URLS = [
    "0",
    "college.example",
    "ftp://college.example",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://",
    "http:///programmes",
    "http://[::1",
    "http://a b.example",
    "http://college.example:99999",
    "http://\x00",
]


@pytest.fixture(scope="module")
def client(fuzz_wallet: Target) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fuzz_wallet.url, headers=fuzz_wallet.headers, timeout=60) as http:
        yield http


def _assert_problem(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == code, answer.text


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_institution_url_is_refused_as_input(client: httpx.Client, url: str) -> None:
    planned = client.post("/plan", json={"institution_url": url, "programme_id": "p"})
    _assert_problem(planned, 422, "INVALID_INPUT")
    assert planned.json()["errors"][0]["loc"] == ["body", "institution_url"]
    catalogs = client.post(
        "/plan",
        json={"institution_url": "http://127.0.0.1", "programme_id": "p", "catalog_urls": [url]},
    )
    _assert_problem(catalogs, 422, "INVALID_INPUT")
    applied = client.post(
        "/conversions/apply",
        json={"institution_url": url, "programme_id": "p", "credential_ids": ["urn:uuid:x"]},
    )
    _assert_problem(applied, 422, "INVALID_INPUT")
    redeemed = client.post("/offers/redeem", json={"offer": "code", "issuer_url": url})
    _assert_problem(redeemed, 422, "INVALID_INPUT")
    assert client.get("/account").status_code == 200


def test_an_institution_that_does_not_answer_is_named(client: httpx.Client) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    planned = client.post("/plan", json={"institution_url": nobody, "programme_id": "p"})
    _assert_problem(planned, 502, "INSTITUTION_EXCHANGE_FAILED")
    assert nobody in planned.json()["detail"]
    applied = client.post(
        "/conversions/apply",
        json={"institution_url": nobody, "programme_id": "p", "credential_ids": ["urn:uuid:x"]},
    )
    _assert_problem(applied, 502, "INSTITUTION_EXCHANGE_FAILED")


def test_an_institution_answering_something_else_is_named(
    client: httpx.Client, fuzz_wallet: Target, fuzz_issuer: Target
) -> None:
    """A page (HTML) or another JSON document where ``/programmes`` should be."""
    for url in (f"{fuzz_wallet.url}/?next=", f"{fuzz_issuer.url}/catalog?next="):
        planned = client.post("/plan", json={"institution_url": url, "programme_id": "p"})
        _assert_problem(planned, 502, "INSTITUTION_EXCHANGE_FAILED")
    published = httpx.post(
        f"{fuzz_issuer.url}/programmes",
        json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
        headers=fuzz_issuer.headers,
        timeout=120,
    )
    assert published.status_code in (201, 409), published.text
    catalog = client.post(
        "/plan",
        json={
            "institution_url": fuzz_issuer.url,
            "programme_id": PROGRAMME,
            "catalog_urls": [f"{fuzz_wallet.url}/?next="],
        },
    )
    _assert_problem(catalog, 502, "INSTITUTION_EXCHANGE_FAILED")
    body = {"institution_url": fuzz_issuer.url, "programme_id": PROGRAMME}
    planned = client.post("/plan", json=body)
    assert planned.status_code == 200, planned.text
