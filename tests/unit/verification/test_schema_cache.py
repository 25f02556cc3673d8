"""The schema verdict of a credential is remembered by its hash, and only by its hash."""

from __future__ import annotations

import copy

import pytest

from node.credentials import CredentialFormat, build_credential
from node.verification import CheckStatus, local_checks
from tests.unit.credentials.factories import award, fake_proof, issuer, outcome
from tests.unit.verification.fakes import offline_verifier


async def test_a_credential_seen_before_is_not_validated_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validated: list[str] = []
    validate = local_checks.validate_ob3

    def counting(vc: dict) -> None:
        validated.append(vc["id"])
        validate(vc)

    monkeypatch.setattr(local_checks, "validate_ob3", counting)
    signed = {
        **build_credential(outcome(), award(), issuer(), version=CredentialFormat.VC11),
        "proof": fake_proof(),
    }
    verifier = offline_verifier()

    first = await verifier.verify_credential(signed, None)
    again = await verifier.verify_credential(copy.deepcopy(signed), None)
    assert len(validated) == 1
    assert first.checks[1] == again.checks[1] and first.checks[1].status is CheckStatus.PASSED

    broken = copy.deepcopy(signed)
    del broken["credentialSubject"]["achievement"]["name"]
    report = await verifier.verify_credential(broken, None)
    assert len(validated) == 2  # another hash, another validation
    assert report.checks[1].name == "schema" and report.checks[1].status is CheckStatus.FAILED
