"""Verdicts fail closed; reports serialise as plain JSON."""

from __future__ import annotations

import json

from node.verification import Check, CheckStatus, CredentialReport, PresentationReport


def credential(*statuses: CheckStatus, facts: dict | None = None) -> CredentialReport:
    names = ("receipt", "issuer-binding", "accreditation", "status")
    checks = [Check(names[i] if i < 4 else f"c{i}", s, "why") for i, s in enumerate(statuses)]
    return CredentialReport(
        "urn:x", "0x00", "did:key:a", "did:key:b", checks, "active", facts or {}
    )


def test_a_credential_is_valid_only_when_every_check_passed() -> None:
    assert credential(CheckStatus.PASSED, CheckStatus.PASSED).valid
    assert not credential(CheckStatus.PASSED, CheckStatus.FAILED).valid
    assert not credential(CheckStatus.PASSED, CheckStatus.COULD_NOT_CHECK).valid
    assert not credential().valid


def test_a_presentation_is_valid_only_when_everything_passed() -> None:
    ok = Check.passed("structure", "fine")
    good = credential(CheckStatus.PASSED)
    assert PresentationReport([ok], [good]).verdict == "valid"
    assert PresentationReport([ok], []).verdict == "invalid"
    assert PresentationReport([], [good]).verdict == "invalid"
    assert PresentationReport([ok, Check.could_not("challenge", "?")], [good]).verdict == "invalid"
    assert PresentationReport([ok], [good, credential(CheckStatus.FAILED)]).verdict == "invalid"


def test_reports_are_json() -> None:
    facts = {"standard_code": "X", "credit_system": "CB", "credits_earned": 2, "field": "it"}
    anchored = (CheckStatus.PASSED,) * 3
    report = PresentationReport(
        [Check.passed("structure", "fine")],
        [
            credential(*anchored, CheckStatus.PASSED, facts=facts),
            credential(*anchored, CheckStatus.FAILED, facts=facts),
        ],
        holder="did:key:b",
    )
    data = json.loads(json.dumps(report.to_json()))
    assert data["verdict"] == "invalid"
    assert data["checks"] == [{"name": "structure", "status": "passed", "reason": "fine"}]
    assert [c["valid"] for c in data["credentials"]] == [True, False]
    assert data["credentials"][0]["checks"][0]["status"] == "passed"
    assert data["credit_summary"]["by_credit_system"] == {"CB": "2"}
    assert data["credit_summary"]["credentials_excluded"] == 1
    assert data["credit_summary"]["credentials"][1]["note"] == "not counted: status did not pass"
