"""Inputs the fuzzer found answering 5xx, kept as plain regression tests."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.fuzz.conftest import Target


@pytest.mark.parametrize("route", ["/applications/{}/decision", "/conversions/{}/decision"])
@pytest.mark.parametrize("number", [2**63, 1239153412883264172062209474560, 0, -1])
def test_an_id_no_row_can_have_is_refused_as_input(
    fuzz_issuer: Target, route: str, number: int
) -> None:
    """SQLite and PostgreSQL ids are 64-bit: a larger number overflowed the driver (500)."""
    answer = httpx.post(
        fuzz_issuer.url + route.format(number),
        json={"decision": "reject", "reason": "fuzz"}
        if route.startswith("/conversions")
        else {"decision": "reject", "comment": "fuzz"},
        headers=fuzz_issuer.headers,
        timeout=60,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "INVALID_INPUT"
    assert answer.json()["errors"][0]["loc"] == ["path", "application_id"]


def test_the_largest_id_is_simply_not_found(fuzz_issuer: Target) -> None:
    answer = httpx.post(
        f"{fuzz_issuer.url}/conversions/{2**63 - 1}/decision",
        json={"decision": "reject", "reason": "fuzz"},
        headers=fuzz_issuer.headers,
        timeout=60,
    )
    assert answer.status_code == 404, answer.text


def test_an_offset_no_row_can_have_is_refused_as_input(fuzz_issuer: Target) -> None:
    """``GET /credentials?offset=`` past 64 bits overflowed the driver too (500)."""
    answer = httpx.get(
        f"{fuzz_issuer.url}/credentials",
        params={"offset": 20197079826502284017894686720},
        headers=fuzz_issuer.headers,
        timeout=60,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["loc"] == ["query", "offset"]
