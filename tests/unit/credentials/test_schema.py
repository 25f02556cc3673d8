from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest

from node.credentials import CredentialFormat, SchemaError, build_credential, validate_ob3
from node.credentials.schema import _no_retrieval
from tests.unit.credentials import factories


def credential() -> dict[str, Any]:
    """A VC 1.1 credential: the breakages below are those of the VC 1.1 schema."""
    built = build_credential(
        factories.outcome(), factories.award(), factories.issuer(), version=CredentialFormat.VC11
    )
    return {**built, "proof": factories.fake_proof()}


def credential_vc2() -> dict[str, Any]:
    built = build_credential(
        factories.outcome(), factories.award(), factories.issuer(), version=CredentialFormat.VC20
    )
    return {**built, "proof": [factories.fake_proof()]}


VC2_BREAKAGES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no validFrom", lambda c: c.pop("validFrom"), '$: "validFrom" is a required property'),
    ("proof as an object", lambda c: c.update(proof=c["proof"][0]), "$.proof"),
    (
        "VC 1.1 context first",
        lambda c: c["@context"].__setitem__(0, "https://www.w3.org/2018/credentials/v1"),
        '$: "issuanceDate" is a required property',  # the VC 1.1 schema now applies
    ),
    ("bad validUntil", lambda c: c.update(validUntil="soon"), "$.validUntil"),
]


def test_a_built_vc2_credential_passes_the_current_schema() -> None:
    validate_ob3(credential_vc2())


@pytest.mark.parametrize(
    ("name", "breaks", "expected"), VC2_BREAKAGES, ids=[b[0] for b in VC2_BREAKAGES]
)
def test_broken_vc2_credentials_fail_the_current_schema(
    name: str, breaks: Callable[[dict[str, Any]], None], expected: str
) -> None:
    broken = copy.deepcopy(credential_vc2())
    breaks(broken)
    with pytest.raises(SchemaError) as caught:
        validate_ob3(broken)
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems


def _achievement(c: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = c["credentialSubject"]["achievement"]
    return achievement


BREAKAGES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no name", lambda c: c.pop("name"), '$: "name" is a required property'),
    ("no issuer id", lambda c: c["issuer"].pop("id"), '$.issuer: "id" is a required property'),
    ("bad date", lambda c: c.update(issuanceDate="1 May 2024"), "$.issuanceDate"),
    ("naive date", lambda c: c.update(issuanceDate="2024-05-01T08:30:00"), "$.issuanceDate"),
    (
        "credits as text",
        lambda c: c["credentialSubject"].update(creditsEarned="4.5"),
        '$.credentialSubject.creditsEarned: "4.5" is not of type "number"',
    ),
    (
        "unknown achievement type",
        lambda c: _achievement(c).update(achievementType="Apprenticeship"),
        "$.credentialSubject.achievement.achievementType",
    ),
    (
        "alignment without url",
        lambda c: _achievement(c)["alignment"][0].pop("targetUrl"),
        '$.credentialSubject.achievement.alignment[0]: "targetUrl" is a required property',
    ),
    (
        "achievement without criteria",
        lambda c: _achievement(c).pop("criteria"),
        '$.credentialSubject.achievement: "criteria" is a required property',
    ),
    ("proof without type", lambda c: c["proof"].pop("type"), "$.proof"),
    (
        "not an OpenBadgeCredential",
        lambda c: c.update(type=["VerifiableCredential"]),
        "$.type: must include OpenBadgeCredential or AchievementCredential",
    ),
    (
        "VC 2.0 context first",
        lambda c: c["@context"].__setitem__(0, "https://www.w3.org/ns/credentials/v2"),
        '$: "validFrom" is a required property',  # the VC 2.0 schema now applies
    ),
    (
        "subject type",
        lambda c: c["credentialSubject"].update(type=["Person"]),
        "$.credentialSubject.type: must include AchievementSubject",
    ),
]


@pytest.mark.parametrize(("name", "breaks", "expected"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_credentials_report_path_and_reason(
    name: str, breaks: Callable[[dict[str, Any]], None], expected: str
) -> None:
    broken = copy.deepcopy(credential())
    breaks(broken)
    with pytest.raises(SchemaError) as caught:
        validate_ob3(broken)
    error = caught.value
    assert any(problem.startswith(expected) for problem in error.problems), error.problems
    assert error.code == "SCHEMA_INVALID" and error.http_status == 422
    assert error.to_problem()["problems"] == error.problems


def test_every_problem_is_reported_at_once() -> None:
    broken = credential()
    del broken["name"]
    del broken["issuanceDate"]
    with pytest.raises(SchemaError) as caught:
        validate_ob3(broken)
    assert len(caught.value.problems) == 2


def test_a_conforming_credential_passes() -> None:
    validate_ob3(credential())


def test_non_objects_fail_cleanly() -> None:
    with pytest.raises(SchemaError):
        validate_ob3([])  # type: ignore[arg-type]


def test_a_schema_reference_outside_the_package_is_refused_not_fetched() -> None:
    """The retriever the validator gets refuses every URI: no schema is ever downloaded."""
    with pytest.raises(jsonschema_rs.ValidationError, match="is not packaged"):
        jsonschema_rs.Draft201909Validator(
            {"$ref": "https://schemas.example/elsewhere.json"}, retriever=_no_retrieval
        )
