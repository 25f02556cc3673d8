"""VC-API's status follows the checks asked for; the bank's verdict tells foreign from invalid."""

from __future__ import annotations

import pytest

from node.errors import InputError
from node.verification import Check, CredentialReport
from verifier.vcapi import bank_verdict, issuer_binding_decides, requested_checks, vcapi_result


def _report(**outcomes: str) -> CredentialReport:
    make = {"passed": Check.passed, "failed": Check.failed, "could-not-check": Check.could_not}
    checks = [make[status](name, f"{name} {status}") for name, status in outcomes.items()]
    return CredentialReport("urn:x", "0x00", "did:key:z6Mk", "did:key:z6Mq", checks)


OURS = {
    "structure": "passed", "supported": "passed", "signature": "passed", "validity": "passed",
    "receipt": "passed", "accreditation": "passed", "status": "passed",
}  # fmt: skip
FOREIGN = {**OURS, "receipt": "failed", "accreditation": "could-not-check"}
FOREIGN["status"] = "could-not-check"
TAMPERED = {**OURS, "signature": "failed", "receipt": "failed"}


def test_a_genuine_foreign_credential_answers_200_for_proof_and_says_foreign() -> None:
    report = _report(**FOREIGN)
    verdict = bank_verdict(report, receipt_given=False, issuer_known=False)
    assert verdict == "foreign"
    result = vcapi_result(report, ["proof"], defaulted=False, verdict=verdict)
    assert result.status_code == 200
    assert result.body["checks"] == ["proof"] and result.body["errors"] == []
    assert {w["check"] for w in result.body["warnings"]} == {"receipt", "accreditation", "status"}
    assert result.body["verdict"] == "foreign" and result.body["report"]["valid"] is False


def test_by_default_an_unreadable_status_is_skipped_but_an_asked_one_fails() -> None:
    report = _report(**FOREIGN)
    defaulted = vcapi_result(report, requested_checks(None), defaulted=True, verdict="foreign")
    assert defaulted.status_code == 200
    asked = vcapi_result(report, ["credentialStatus"], defaulted=False, verdict="foreign")
    assert asked.status_code == 422 and asked.body["errors"][0]["check"] == "credentialStatus"


def test_a_tampered_credential_fails_the_proof_check() -> None:
    report = _report(**TAMPERED)
    verdict = bank_verdict(report, receipt_given=True, issuer_known=True)
    assert verdict == "invalid"
    result = vcapi_result(report, requested_checks({}), defaulted=True, verdict=verdict)
    assert result.status_code == 422 and not result.body["verified"]
    assert result.body["errors"][0]["detail"] == "signature failed"


def test_an_accredited_issuers_credential_without_its_receipt_is_not_anchored() -> None:
    report = _report(**FOREIGN)
    assert bank_verdict(report, receipt_given=False, issuer_known=True) == "not-anchored"
    assert bank_verdict(_report(**OURS), receipt_given=True, issuer_known=True) == "valid"


@pytest.mark.parametrize(
    ("outcomes", "receipt_given", "decides"),
    [
        (FOREIGN, False, True),  # genuine, no receipt: not-anchored or foreign
        (OURS, True, False),  # valid: no binding read
        (OURS, False, False),
        (FOREIGN, True, False),  # a receipt that does not hold: invalid
        (TAMPERED, False, False),
        ({**FOREIGN, "validity": "failed"}, False, False),
        ({k: v for k, v in FOREIGN.items() if k != "signature"}, False, False),
    ],
    ids=["foreign", "valid", "valid-no-receipt", "bad-receipt", "tampered", "expired", "no-sig"],
)
def test_the_issuer_binding_is_read_only_where_the_verdict_turns_on_it(
    outcomes: dict[str, str], receipt_given: bool, decides: bool
) -> None:
    """Where it does not decide, both answers of the binding give the same verdict."""
    report = _report(**outcomes)
    assert issuer_binding_decides(report, receipt_given) is decides
    verdicts = {bank_verdict(report, receipt_given, known) for known in (True, False)}
    assert len(verdicts) == (2 if decides else 1)


def test_unknown_or_malformed_checks_are_refused() -> None:
    with pytest.raises(InputError):
        requested_checks({"checks": ["proof", "magic"]})
    with pytest.raises(InputError):
        requested_checks({"checks": "proof"})
    assert requested_checks({"checks": ["proof", "proof"]}) == ["proof"]
