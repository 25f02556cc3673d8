"""Typed inputs for an Open Badges 3.0 credential: the outcome standard, the award, the issuer."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from node.credentials.dids import is_did_key

__all__ = [
    "Award",
    "Credits",
    "EvidenceItem",
    "FieldOfStudy",
    "IssuerProfile",
    "OutcomeStandardRef",
    "OutcomeType",
    "ResultType",
    "SkillGrade",
]

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
#: Most credits a single outcome may carry; a guard against unit mistakes.
MAX_CREDITS = Decimal(1000)


def _credits(value: Decimal) -> Decimal:
    """Credits are finite, non-negative and have at most two decimals, so hashes stay stable."""
    if not value.is_finite() or value < 0 or value > MAX_CREDITS:
        raise ValueError(f"credits must be between 0 and {MAX_CREDITS}")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("credits have at most two decimals")
    return value


def _uri(value: str) -> str:
    """An absolute URI (scheme, then no whitespace)."""
    if not _URI.fullmatch(value):
        raise ValueError("must be an absolute URI")
    return value


def _did_key(value: str) -> str:
    """Learners and issuers are identified by an Ed25519 did:key."""
    if not is_did_key(value):
        raise ValueError("must be an Ed25519 did:key (did:key:z6Mk...)")
    return value


def _aware(value: datetime) -> datetime:
    """Timestamps must say their zone, or their UTC form is a guess."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return value


Credits = Annotated[Decimal, AfterValidator(_credits)]
Uri = Annotated[str, AfterValidator(_uri)]
DidKey = Annotated[str, AfterValidator(_did_key)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
#: OB3 ResultDescription.resultType values we use (the 3.0 enumeration, no extensions).
ResultType = Literal[
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "RawScore",
    "Result",
    "ScaledScore",
    "Status",
]


class OutcomeType(StrEnum):
    """Kinds of learning outcome the bank certifies."""

    ACADEMIC_COURSE = "academic_course"
    #: A "1+X" vocational skill level certificate; carries a ``SkillGrade``.
    SKILL_CERTIFICATE = "skill_certificate"
    TRAINING = "training"
    COMPETITION_AWARD = "competition_award"
    WORK_EXPERIENCE = "work_experience"
    MILITARY_SERVICE = "military_service"
    OTHER = "other"


class SkillGrade(StrEnum):
    """The three grades of a "1+X" vocational skill certificate."""

    PRIMARY = "primary"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class _Frozen(BaseModel):
    """Inputs are values: immutable, and unknown fields are mistakes."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldOfStudy(_Frozen):
    """A field of study from the catalog (code for machines, name for people)."""

    code: ShortText
    name: ShortText


class OutcomeStandardRef(_Frozen):
    """A published outcome standard from the catalog, as the credential describes it."""

    code: ShortText
    name: ShortText
    description: Text
    criteria: Text
    outcome_type: OutcomeType
    #: A skill certificate's grade (``SkillGrade``), or a competition award's prize level.
    skill_grade: ShortText | None = None
    field_of_study: FieldOfStudy
    level: int = Field(ge=1, le=10, description="qualification-framework level")
    credits_available: Credits
    credit_system: ShortText
    standard_uri: Uri
    framework_level_uri: Uri
    catalog_name: ShortText | None = None
    framework_name: ShortText | None = None

    @model_validator(mode="after")
    def _grade_only_for_skill_certificates(self) -> OutcomeStandardRef:
        """Skill certificates name a grade (some are ungraded), competition awards a prize level."""
        if self.skill_grade is None or self.outcome_type is OutcomeType.COMPETITION_AWARD:
            return self
        if self.outcome_type is not OutcomeType.SKILL_CERTIFICATE:
            raise ValueError(
                "skill_grade applies only to skill_certificate and competition_award outcomes"
            )
        if self.skill_grade not in {g.value for g in SkillGrade}:
            raise ValueError(f"skill_grade {self.skill_grade!r} is not a skill-certificate grade")
        return self


class EvidenceItem(_Frozen):
    """What supports the award: a narrative, a named artefact, or a link to one."""

    id: Uri | None = None
    name: ShortText | None = None
    narrative: Text | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> EvidenceItem:
        """Evidence with neither name nor narrative says nothing."""
        if self.name is None and self.narrative is None:
            raise ValueError("evidence needs a name or a narrative")
        return self


class Award(_Frozen):
    """One learner's achievement of one outcome standard."""

    learner_did: DidKey
    credits_earned: Credits
    result: ShortText | None = None
    result_type: ResultType = "Result"
    evidence: tuple[EvidenceItem, ...] = ()
    issued_on: AwareDatetime
    valid_until: AwareDatetime | None = None

    @model_validator(mode="after")
    def _valid_after_issue(self) -> Award:
        """A credential cannot expire before it is issued."""
        if self.valid_until is not None and self.valid_until <= self.issued_on:
            raise ValueError("valid_until must be after issued_on")
        return self


class IssuerProfile(_Frozen):
    """The certification body as it appears in ``issuer``."""

    did: DidKey
    name: ShortText
    url: Uri | None = None
