"""Build Open Badges 3.0 ``OpenBadgeCredential``s, one per learning outcome.

VC Data Model 2.0 with the OB 3.0.3 context and ``validFrom`` by default; VC 1.1 with the
3.0.0 context and ``issuanceDate`` when ``CREDITBANK_CREDENTIAL_FORMAT=vc11``
(``node.credentials.formats``). Either is checked against its 1EdTech schema before signing.

Open Badges 3.0.0 already defines ``achievementType``, ``creditsAvailable``, ``creditsEarned``,
``fieldOfStudy``, ``humanCode``, ``alignment``, ``result``, ``resultDescription`` and
``evidence``. The credit system, our outcome-type code, the framework level as a number, the
field-of-study code and the "1+X" grade have no OB3 term, so one inline context defines them
under ``https://creditbank.example/ns#`` (no network needed; safe mode refuses undefined terms).

Credits are JSON numbers (the schema says ``number``) with at most two decimals: integral
values are emitted as integers and others as floats, so JSON-LD sees the same literal in every
language and RFC 8785 prints one form for hashing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from node.credentials.contexts import (
    ED25519_2020_CONTEXT,
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    STATUS_LIST_2021_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
)
from node.credentials.errors import CredentialError, SigningError
from node.credentials.formats import CredentialFormat, credential_format
from node.credentials.keys import SigningKey
from node.credentials.models import (
    Award,
    EvidenceItem,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
)
from node.credentials.schema import validate_ob3
from node.credentials.signing import sign_credential_now
from node.credentials.status_entries import status_entry

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CREDIT_BANK_NS",
    "EXTENSION_CONTEXT",
    "LEVEL_TARGET_TYPE",
    "STANDARD_TARGET_TYPE",
    "achievement_id",
    "build_credential",
    "credits_json",
    "iso_z",
    "issue_credential",
]

#: The stable IRI base of our extension terms (an identifier, never dereferenced).
CREDIT_BANK_NS = "https://creditbank.example/ns#"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: The inline context for terms Open Badges 3.0.0 does not define.
EXTENSION_CONTEXT: dict[str, Any] = {
    "creditSystem": f"{CREDIT_BANK_NS}creditSystem",
    "outcomeType": f"{CREDIT_BANK_NS}outcomeType",
    "qualificationLevel": {"@id": f"{CREDIT_BANK_NS}qualificationLevel", "@type": _XSD_INTEGER},
    "fieldOfStudyCode": f"{CREDIT_BANK_NS}fieldOfStudyCode",
    "skillGrade": f"{CREDIT_BANK_NS}skillGrade",
}

#: OB3 ``achievementType`` per outcome type; values outside the OB3 vocabulary use ``ext:``.
ACHIEVEMENT_TYPES: dict[OutcomeType, str] = {
    OutcomeType.ACADEMIC_COURSE: "Course",
    OutcomeType.SKILL_CERTIFICATE: "Certificate",
    OutcomeType.TRAINING: "CertificateOfCompletion",
    OutcomeType.COMPETITION_AWARD: "Award",
    OutcomeType.WORK_EXPERIENCE: "ext:WorkExperience",
    OutcomeType.MILITARY_SERVICE: "ext:MilitaryService",
    OutcomeType.OTHER: "Achievement",
}

STANDARD_TARGET_TYPE = "ext:OutcomeStandard"
LEVEL_TARGET_TYPE = "ext:QualificationFrameworkLevel"

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, CREDIT_BANK_NS)


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second, as VC 1.1 dates are usually written."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def credits_json(credits: Decimal) -> int | float:
    """Credits as a JSON number: an integer when integral, else a float of <= 2 decimals."""
    return int(credits) if credits == credits.to_integral_value() else float(credits)


@lru_cache(maxsize=4096)
def achievement_id(outcome_code: str) -> str:
    """A stable ``urn:uuid`` for an outcome standard, the same in every credential."""
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'outcome:{outcome_code}')}"


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    """Omit absent optional members rather than writing nulls."""
    return {key: value for key, value in mapping.items() if value is not None}


def _alignments(outcome: OutcomeStandardRef) -> list[dict[str, Any]]:
    """Alignment to the catalog's outcome standard and to the framework level."""
    return [
        _drop_none(
            {
                "type": ["Alignment"],
                "targetName": outcome.name,
                "targetUrl": outcome.standard_uri,
                "targetCode": outcome.code,
                "targetFramework": outcome.catalog_name,
                "targetType": STANDARD_TARGET_TYPE,
            }
        ),
        _drop_none(
            {
                "type": ["Alignment"],
                "targetName": f"Level {outcome.level}",
                "targetUrl": outcome.framework_level_uri,
                "targetCode": str(outcome.level),
                "targetFramework": outcome.framework_name,
                "targetType": LEVEL_TARGET_TYPE,
            }
        ),
    ]


def _achievement(outcome: OutcomeStandardRef, award: Award) -> dict[str, Any]:
    """The OB3 ``Achievement`` describing the outcome standard."""
    own_id = achievement_id(outcome.code)
    achievement = _drop_none(
        {
            "id": own_id,
            "type": ["Achievement"],
            "name": outcome.name,
            "description": outcome.description,
            "criteria": {"narrative": outcome.criteria},
            "achievementType": ACHIEVEMENT_TYPES[outcome.outcome_type],
            "humanCode": outcome.code,
            "fieldOfStudy": outcome.field_of_study.name,
            "creditsAvailable": credits_json(outcome.credits_available),
            "alignment": _alignments(outcome),
            "creditSystem": outcome.credit_system,
            "outcomeType": outcome.outcome_type.value,
            "qualificationLevel": outcome.level,
            "fieldOfStudyCode": outcome.field_of_study.code,
            "skillGrade": outcome.skill_grade,
        }
    )
    if award.result is not None:
        achievement["resultDescription"] = [
            {
                "id": f"{own_id}#result",
                "type": ["ResultDescription"],
                "name": "Result",
                "resultType": award.result_type,
            }
        ]
    return achievement


def _evidence(item: EvidenceItem) -> dict[str, Any]:
    """An OB3 ``Evidence`` entry."""
    return _drop_none(
        {"id": item.id, "type": ["Evidence"], "name": item.name, "narrative": item.narrative}
    )


def build_credential(
    outcome: OutcomeStandardRef,
    award: Award,
    issuer: IssuerProfile,
    *,
    credential_id: str | None = None,
    version: CredentialFormat | None = None,
    status: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """The unsigned credential for one outcome, already checked against its OB3 schema.

    ``status`` is (list URL, index): the revocation bit the credential names, so that its
    signature and Merkle leaf cover it.
    """
    version = version or credential_format()
    if award.credits_earned > outcome.credits_available:
        raise CredentialError("credits_earned exceeds the outcome's credits_available")
    achievement = _achievement(outcome, award)
    subject: dict[str, Any] = {
        "id": award.learner_did,
        "type": ["AchievementSubject"],
        "achievement": achievement,
        "creditsEarned": credits_json(award.credits_earned),
    }
    if award.result is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "value": award.result,
                "resultDescription": achievement["resultDescription"][0]["id"],
            }
        ]
    vc2 = version is CredentialFormat.VC20
    contexts = (
        [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3, EXTENSION_CONTEXT]
        if vc2
        else [VC_V1_CONTEXT, OB3_CONTEXT, ED25519_2020_CONTEXT, EXTENSION_CONTEXT]
    )
    credential: dict[str, Any] = {
        "@context": contexts,
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": outcome.name,
        "issuer": _drop_none(
            {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url}
        ),
        ("validFrom" if vc2 else "issuanceDate"): iso_z(award.issued_on),
        "credentialSubject": subject,
    }
    if award.valid_until is not None:
        credential["validUntil" if vc2 else "expirationDate"] = iso_z(award.valid_until)
    if award.evidence:
        credential["evidence"] = [_evidence(item) for item in award.evidence]
    if status is not None:
        credential["credentialStatus"] = status_entry(*status, vc2=vc2)
        if not vc2:
            credential["@context"].insert(-1, STATUS_LIST_2021_CONTEXT)
    validate_ob3(credential)
    return credential


async def issue_credential(
    outcome: OutcomeStandardRef,
    award: Award,
    issuer: IssuerProfile,
    key: SigningKey,
    *,
    credential_id: str | None = None,
    status: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """Build, schema-check and sign one credential with the issuer's own key."""
    if key.did != issuer.did:
        raise SigningError("the signing key does not belong to the issuer DID")
    credential = build_credential(
        outcome, award, issuer, credential_id=credential_id, status=status
    )
    return sign_credential_now(credential, key)
