"""Shape and date checks, without chain or didkit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from node.verification import CheckStatus
from node.verification.local_checks import check_structure, check_supported, check_validity

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SKEW = timedelta(seconds=60)


@pytest.mark.parametrize("value", [None, 1, 1.5, True, "vc", [], [{}]])
def test_non_objects_fail_structure(value: object) -> None:
    check = check_structure(value)
    assert check.status is CheckStatus.FAILED and "JSON object" in check.reason


def test_missing_members_are_named() -> None:
    check = check_structure({"@context": [], "type": "VerifiableCredential"})
    assert check.status is CheckStatus.FAILED
    for member in ("@context", "issuer", "issuanceDate", "credentialSubject", "proof"):
        assert member in check.reason


@pytest.mark.parametrize(
    ("dates", "status", "words"),
    [
        ({"issuanceDate": "2025-01-01T00:00:00Z"}, CheckStatus.PASSED, "no expiry"),
        ({"issuanceDate": "2026-01-01T00:00:30Z"}, CheckStatus.PASSED, "issued"),
        ({"issuanceDate": "2026-01-02T00:00:00Z"}, CheckStatus.FAILED, "future"),
        ({"issuanceDate": "yesterday"}, CheckStatus.FAILED, "not a date-time"),
        ({}, CheckStatus.FAILED, "missing"),
        (
            {"issuanceDate": "2025-01-01T00:00:00Z", "expirationDate": "2025-12-31T23:59:59Z"},
            CheckStatus.FAILED,
            "expired",
        ),
        (
            {"issuanceDate": "2025-01-01T00:00:00Z", "expirationDate": 2027},
            CheckStatus.FAILED,
            "expirationDate",
        ),
        (
            {"issuanceDate": "2025-01-01T00:00:00+08:00", "expirationDate": "2027-01-01"},
            CheckStatus.PASSED,
            "valid until 2027-01-01",
        ),
    ],
)
def test_validity_dates(dates: dict, status: CheckStatus, words: str) -> None:
    check = check_validity(dates, NOW, SKEW)
    assert check.status is status and words in check.reason


def test_unsupported_formats_say_why() -> None:
    vc2 = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:example.com",
        "proof": {"type": "DataIntegrityProof"},
    }
    check = check_supported(vc2)
    assert check.status is CheckStatus.FAILED and check.reason.startswith("unsupported: ")
    assert check_supported(None).status is CheckStatus.COULD_NOT_CHECK
