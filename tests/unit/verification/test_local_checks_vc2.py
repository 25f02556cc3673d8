"""VC 2.0 in the local checks: validFrom/validUntil, the schema as a warning, the format check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from node.credentials import CredentialFormat, build_credential
from node.verification import CheckStatus
from node.verification.local_checks import (
    check_schema,
    check_structure,
    check_supported,
    check_validity,
)
from tests.unit.credentials import factories

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SKEW = timedelta(seconds=60)
V2 = "https://www.w3.org/ns/credentials/v2"


def _vc2(**dates: str) -> dict[str, Any]:
    return {"@context": [V2], **dates}


@pytest.mark.parametrize(
    ("dates", "status", "words"),
    [
        ({"validFrom": "2025-01-01T00:00:00Z"}, CheckStatus.PASSED, "valid from 2025-01-01"),
        ({}, CheckStatus.PASSED, "no validFrom"),
        ({"validFrom": "2027-01-01T00:00:00Z"}, CheckStatus.FAILED, "in the future"),
        ({"validUntil": "2025-06-01T00:00:00Z"}, CheckStatus.FAILED, "expired"),
        ({"validFrom": "yesterday"}, CheckStatus.FAILED, "validFrom is not a date-time"),
        (
            {"validFrom": "2025-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"},
            CheckStatus.PASSED,
            "valid until 2027-01-01",
        ),
        # a VC 2.0 credential that also carries VC 1.1 dates must satisfy them too
        (
            {"validFrom": "2025-01-01T00:00:00Z", "expirationDate": "2025-02-01T00:00:00Z"},
            CheckStatus.FAILED,
            "expirationDate",
        ),
    ],
)
def test_vc2_validity_dates(dates: dict[str, str], status: CheckStatus, words: str) -> None:
    check = check_validity(_vc2(**dates), NOW, SKEW)
    assert check.status is status and words in check.reason, check.reason


def _signed_vc2() -> dict[str, Any]:
    built = build_credential(
        factories.outcome(), factories.award(), factories.issuer(), version=CredentialFormat.VC20
    )
    return {**built, "proof": [factories.fake_proof()]}


def test_a_vc2_credential_passes_structure_schema_and_format() -> None:
    vc = _signed_vc2()
    assert check_structure(vc).status is CheckStatus.PASSED
    assert "2.0" in check_structure(vc).reason
    assert check_schema(vc).status is CheckStatus.PASSED
    assert check_supported(vc).status is CheckStatus.PASSED


def test_the_vc2_schema_is_only_a_warning_at_verification() -> None:
    vc = _signed_vc2()
    vc["proof"] = vc["proof"][0]  # 1EdTech's own sample does this
    check = check_schema(vc)
    assert check.status is CheckStatus.PASSED and check.reason.startswith("warning:")


def test_an_unknown_suite_is_unsupported() -> None:
    vc = _signed_vc2()
    vc["proof"] = [{"type": "DataIntegrityProof", "cryptosuite": "bbs-2023"}]
    check = check_supported(vc)
    assert check.status is CheckStatus.FAILED and check.reason.startswith("unsupported")
