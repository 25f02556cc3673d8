"""A generic credential (no outcome of the framework) is judged as one, not as a broken badge."""

from __future__ import annotations

from typing import Any

from node.chain import Scope
from node.documents import load_demo_framework
from node.verification.anchor_checks import credential_scope
from node.verification.local_checks import check_schema


def _vc(types: list[Any], achievement: dict[str, Any] | None = None) -> dict[str, Any]:
    subject: dict[str, Any] = {"id": "did:key:z6MkA"}
    if achievement is not None:
        subject["achievement"] = achievement
    return {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": types,
        "issuer": "did:key:z6MkB",
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": subject,
    }


def test_the_open_badges_schema_holds_only_open_badges() -> None:
    workshop = check_schema(_vc(["VerifiableCredential", "WorkshopCredential"]))
    assert workshop.ok and "does not apply" in workshop.reason
    badge = check_schema(_vc(["VerifiableCredential", "OpenBadgeCredential"]))
    assert not badge.ok and "not an Open Badges 3.0 credential" in badge.reason
    hostile = check_schema(_vc([{"not": "a string"}, ["nested"]]))
    assert hostile.ok  # no type names an Open Badge; nothing crashes on unhashable types


def test_a_credential_claiming_no_outcome_needs_only_an_accreditation_in_force() -> None:
    framework = load_demo_framework()
    for vc in (_vc(["VerifiableCredential"]), _vc(["VerifiableCredential"], {"name": "Ladders"})):
        needed = credential_scope(vc, framework)
        assert not isinstance(needed, str)
        assert needed[0] == Scope() and "generic" in needed[1]


def test_a_half_claimed_outcome_still_fails() -> None:
    needed = credential_scope(
        _vc(["VerifiableCredential"], {"fieldOfStudyCode": "information-technology"}),
        load_demo_framework(),
    )
    assert isinstance(needed, str) and "outcomeType" in needed
