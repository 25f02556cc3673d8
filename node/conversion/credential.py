"""The Credit Conversion Credential: an Open Badges credential the accepting college issues.

It names its sources by anchored hash, the rule set by digest and the on-chain conversion record
by id, so a verifier can re-check the record (and whether a revoked source flagged it) with
nothing but a chain node. The extra terms live in one more inline context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from node.conversion.documents import Programme
from node.conversion.engine import Decision
from node.credentials import (
    CREDIT_BANK_NS,
    Award,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
    build_credential,
)
from node.credentials.facts import subject_of

__all__ = [
    "CONVERSION_CONTEXT",
    "ConversionClaim",
    "build_conversion_credential",
    "claim_of",
    "learner_commitment",
]

#: Terms of the conversion claim, beside the Open Badges ones.
CONVERSION_CONTEXT: dict[str, Any] = {
    "conversionId": f"{CREDIT_BANK_NS}conversionId",
    "conversionProgramme": f"{CREDIT_BANK_NS}conversionProgramme",
    "conversionRuleSet": f"{CREDIT_BANK_NS}conversionRuleSet",
    "ruleSetDigest": f"{CREDIT_BANK_NS}ruleSetDigest",
    "learnerCommitmentSalt": f"{CREDIT_BANK_NS}learnerCommitmentSalt",
    "sourceCredentials": {"@id": f"{CREDIT_BANK_NS}sourceCredentials", "@container": "@set"},
    "convertedCourses": {"@id": f"{CREDIT_BANK_NS}convertedCourses", "@container": "@set"},
}


@dataclass(frozen=True, slots=True)
class ConversionClaim:
    """What a conversion credential says about its on-chain record."""

    conversion_id: str
    programme: str
    rule_set: str
    rule_set_digest: str
    sources: tuple[str, ...]
    credits: Decimal
    learner: str | None = None
    salt: str | None = None

    def commitment(self) -> bytes | None:
        """SHA-256(salt ‖ learner DID): what the on-chain record holds instead of the DID."""
        if self.learner is None or self.salt is None:
            return None
        try:
            return learner_commitment(bytes.fromhex(self.salt.removeprefix("0x")), self.learner)
        except ValueError:
            return None


def learner_commitment(salt: bytes, learner_did: str) -> bytes:
    """The learner commitment a conversion record carries: no DID on chain, yet checkable."""
    return hashlib.sha256(salt + learner_did.encode()).digest()


def build_conversion_credential(
    decision: Decision,
    programme: Programme,
    *,
    conversion_id: str,
    rule_set_digest: str,
    rule_set_uri: str,
    programme_uri: str,
    learner_did: str,
    commitment_salt: bytes,
    issuer: IssuerProfile,
    credential_id: str,
) -> dict[str, Any]:
    """The unsigned credential for an approved decision: credits of the programme, by course."""
    courses = [g.target for g in decision.grants if g.kind == "course"]
    outcome = OutcomeStandardRef(
        code=f"CONVERSION-{programme.id.rsplit('/', 1)[-1]}"[:60],
        name=f"Credits transferred into {programme.name}",
        description=(
            f"{decision.total} credits of {programme.name} ({programme.institution}) granted "
            f"under rule set {decision.rule_set} v{decision.rule_set_version}"
        ),
        criteria="Certified outcomes converted under the published rule set.",
        outcome_type=OutcomeType.ACADEMIC_COURSE,
        field_of_study=FieldOfStudy(code=programme.field, name=programme.field),
        level=programme.level,
        credits_available=decision.total,
        credit_system=programme.credit_system,
        standard_uri=programme_uri,
        framework_level_uri=rule_set_uri,
        catalog_name=programme.institution,
    )
    award = Award(
        learner_did=learner_did, credits_earned=decision.total, issued_on=datetime.now(UTC)
    )
    credential = build_credential(outcome, award, issuer, credential_id=credential_id)
    credential["@context"] = [*credential["@context"], CONVERSION_CONTEXT]
    credential["type"] = [*credential["type"], f"{CREDIT_BANK_NS}CreditConversionCredential"]
    credential["credentialSubject"].update(
        {
            "conversionId": conversion_id,
            "conversionProgramme": programme.id,
            "conversionRuleSet": f"{decision.rule_set} v{decision.rule_set_version}",
            "ruleSetDigest": rule_set_digest,
            "learnerCommitmentSalt": "0x" + commitment_salt.hex(),
            "sourceCredentials": list(decision.sources),
            "convertedCourses": courses,
        }
    )
    return credential


def claim_of(vc: object) -> ConversionClaim | None:
    """The conversion claim of a credential, or None if it makes none (or a malformed one)."""
    subject = subject_of(vc)
    if subject is None or "conversionId" not in subject:
        return None
    sources = subject.get("sourceCredentials")
    earned = subject.get("creditsEarned")
    texts = [subject.get(k) for k in ("conversionId", "conversionProgramme", "conversionRuleSet",
                                      "ruleSetDigest")]  # fmt: skip
    if not all(isinstance(t, str) for t in texts) or not isinstance(sources, list):
        return None
    if not all(isinstance(s, str) for s in sources) or not isinstance(earned, int | float):
        return None
    learner, salt = subject.get("id"), subject.get("learnerCommitmentSalt")
    return ConversionClaim(
        str(texts[0]), str(texts[1]), str(texts[2]), str(texts[3]), tuple(sources),
        Decimal(str(earned)),
        learner if isinstance(learner, str) else None,
        salt if isinstance(salt, str) else None,
    )  # fmt: skip
