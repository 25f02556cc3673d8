from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from node.credentials import (
    ACHIEVEMENT_TYPES,
    ED25519_2020_CONTEXT,
    EXTENSION_CONTEXT,
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    CredentialError,
    CredentialFormat,
    OutcomeType,
    build_credential,
    validate_ob3,
)
from node.credentials.openbadges import achievement_id, credits_json, iso_z
from tests.unit.credentials import factories


def ob3_schema() -> dict[str, Any]:
    text = (
        resources.files("node.credentials")
        .joinpath("schemas/achievementcredential.schema.vc11-2024-03-04.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_every_outcome_type_maps_to_an_ob3_achievement_type() -> None:
    enum, ext = ob3_schema()["$defs"]["Achievement"]["properties"]["achievementType"]["anyOf"]
    assert set(ACHIEVEMENT_TYPES) == set(OutcomeType)
    for outcome_type, achievement_type in ACHIEVEMENT_TYPES.items():
        if achievement_type.startswith("ext:"):
            assert re.fullmatch(ext["pattern"], achievement_type), outcome_type
        else:
            assert achievement_type in enum["enum"], outcome_type


@pytest.mark.parametrize(
    ("outcome_type", "expected"),
    [
        (OutcomeType.ACADEMIC_COURSE, "Course"),
        (OutcomeType.SKILL_CERTIFICATE, "Certificate"),
        (OutcomeType.TRAINING, "CertificateOfCompletion"),
        (OutcomeType.COMPETITION_AWARD, "Award"),
        (OutcomeType.WORK_EXPERIENCE, "ext:WorkExperience"),
        (OutcomeType.MILITARY_SERVICE, "ext:MilitaryService"),
        (OutcomeType.OTHER, "Achievement"),
    ],
)
def test_built_credential_carries_the_mapped_type(outcome_type: OutcomeType, expected: str) -> None:
    grade = "advanced" if outcome_type is OutcomeType.SKILL_CERTIFICATE else None
    outcome = factories.outcome(outcome_type=outcome_type, skill_grade=grade)
    credential = build_credential(outcome, factories.award(), factories.issuer())
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == expected
    assert achievement["outcomeType"] == outcome_type.value
    assert ("skillGrade" in achievement) is (grade is not None)


def test_built_credential_shape() -> None:
    credential = build_credential(
        factories.outcome(),
        factories.award(),
        factories.issuer(),
        credential_id="urn:uuid:x",
        version=CredentialFormat.VC11,
    )
    assert credential["@context"] == [
        VC_V1_CONTEXT,
        OB3_CONTEXT,
        ED25519_2020_CONTEXT,
        EXTENSION_CONTEXT,
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "urn:uuid:x"
    assert credential["issuer"] == {
        "id": factories.ISSUER_DID,
        "type": ["Profile"],
        "name": "Vocational certification centre",
    }
    assert credential["issuanceDate"] == "2024-05-01T08:30:00Z"
    assert credential["expirationDate"] == "2029-05-01T00:00:00Z"
    subject = credential["credentialSubject"]
    assert subject["id"] == factories.LEARNER_DID
    assert subject["creditsEarned"] == 4.5
    achievement = subject["achievement"]
    assert achievement["id"] == achievement_id("1X-WEB-2")
    assert achievement["creditsAvailable"] == 4.5
    assert achievement["fieldOfStudy"] == "Computer science"
    assert achievement["fieldOfStudyCode"] == "0809"
    assert achievement["qualificationLevel"] == 4
    assert achievement["creditSystem"] == "CN-CB"
    assert achievement["skillGrade"] == "intermediate"
    assert [a["targetType"] for a in achievement["alignment"]] == [
        "ext:OutcomeStandard",
        "ext:QualificationFrameworkLevel",
    ]
    assert achievement["alignment"][1]["targetCode"] == "4"
    assert subject["result"] == [
        {"type": ["Result"], "value": "92", "resultDescription": f"{achievement['id']}#result"}
    ]
    assert credential["evidence"] == [
        {"type": ["Evidence"], "name": "Practical exam", "narrative": "Passed on 2024-04-20"}
    ]


def test_achievement_uses_only_ob3_properties_and_our_extension_terms() -> None:
    credential = build_credential(factories.outcome(), factories.award(), factories.issuer())
    achievement = credential["credentialSubject"]["achievement"]
    ob3_terms = set(ob3_schema()["$defs"]["Achievement"]["properties"])
    assert set(achievement) - ob3_terms == set(EXTENSION_CONTEXT)
    for definition in EXTENSION_CONTEXT.values():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        assert iri.startswith("https://creditbank.example/ns#")


def test_credential_ids_are_fresh_uuids_but_achievement_ids_are_stable() -> None:
    first = build_credential(factories.outcome(), factories.award(), factories.issuer())
    second = build_credential(factories.outcome(), factories.award(), factories.issuer())
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", first["id"])
    assert first["id"] != second["id"]
    sub1, sub2 = first["credentialSubject"], second["credentialSubject"]
    assert sub1["achievement"]["id"] == sub2["achievement"]["id"]
    assert achievement_id("A") != achievement_id("B")


def test_optional_parts_are_omitted_not_null() -> None:
    credential = build_credential(
        factories.outcome(catalog_name=None, framework_name=None),
        factories.award(result=None, evidence=(), valid_until=None),
        factories.issuer(),
    )
    text = json.dumps(credential)
    assert "null" not in text
    assert "expirationDate" not in credential and "evidence" not in credential
    assert "result" not in credential["credentialSubject"]
    assert "resultDescription" not in credential["credentialSubject"]["achievement"]


@pytest.mark.parametrize("proof_shape", ["object", "list"])
def test_built_and_fake_signed_credentials_pass_the_schema(proof_shape: str) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(), version=CredentialFormat.VC11
    )
    proof = factories.fake_proof()
    validate_ob3({**credential, "proof": proof if proof_shape == "object" else [proof]})


def test_credits_and_dates_render_stably() -> None:
    assert credits_json(Decimal("3")) == 3 and isinstance(credits_json(Decimal("3.00")), int)
    assert credits_json(Decimal("2.50")) == 2.5
    shanghai = timezone(timedelta(hours=8))
    assert iso_z(datetime(2024, 5, 1, 8, 0, 0, 999, tzinfo=shanghai)) == "2024-05-01T00:00:00Z"


def test_credits_earned_cannot_exceed_available() -> None:
    with pytest.raises(CredentialError, match="exceeds"):
        build_credential(
            factories.outcome(), factories.award(credits_earned=Decimal("5")), factories.issuer()
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome_type": "training"},  # a grade on a non-skill outcome
        {"outcome_type": "apprenticeship", "skill_grade": None},
        {"credits_available": Decimal("1.005")},
        {"credits_available": Decimal("-1")},
        {"credits_available": Decimal("NaN")},
        {"level": 0},
        {"standard_uri": "not a uri"},
        {"unknown_field": 1},
    ],
)
def test_invalid_outcomes_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        factories.outcome(**changes)


def test_an_ungraded_skill_certificate_is_allowed() -> None:
    outcome = factories.outcome(skill_grade=None)
    assert outcome.skill_grade is None
    achievement = build_credential(outcome, factories.award(), factories.issuer())[
        "credentialSubject"
    ]["achievement"]
    assert "skillGrade" not in achievement


@pytest.mark.parametrize(
    "changes",
    [
        {"learner_did": "did:web:learner.example"},
        {"learner_did": "did:key:z6MkNOPE"},
        {"issued_on": datetime(2024, 5, 1)},  # naive
        {"valid_until": datetime(2024, 4, 1, tzinfo=UTC)},  # before issue
        {"credits_earned": Decimal("0.001")},
        {"evidence": ({},)},
    ],
)
def test_invalid_awards_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        factories.award(**changes)


def test_vc2_is_the_default_shape() -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(), version=CredentialFormat.VC20
    )
    assert credential["@context"] == [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3, EXTENSION_CONTEXT]
    assert credential["validFrom"] == "2024-05-01T08:30:00Z"
    assert credential["validUntil"] == "2029-05-01T00:00:00Z"
    assert "issuanceDate" not in credential and "expirationDate" not in credential
