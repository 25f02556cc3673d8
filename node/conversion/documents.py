"""Programmes and conversion rule sets: public, versioned documents a college publishes.

A rule set names the programme version it converts into and lists its rules in order; the
order is part of the published document, so the same outcomes always meet the rules in the
same order and the decision is the same for everyone who re-runs it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from node.documents.base import (
    Code,
    Credits,
    DocumentId,
    DocumentModel,
    Name,
    VersionedDocument,
    unique,
)
from node.documents.framework import OutcomeTypeCode

__all__ = [
    "Bucket",
    "Condition",
    "Course",
    "CreditsRule",
    "ExemptRule",
    "Programme",
    "RatioRule",
    "Rule",
    "RuleSet",
]


class Course(DocumentModel):
    """A course of the programme and its credits; ``category`` groups elective pools."""

    code: Code
    name: Name
    credits: Credits
    required: bool
    category: Code = "core"


class Programme(VersionedDocument):
    """A college programme: its courses and the credits that complete it."""

    institution: Name
    name: Name
    field: Code
    level: int = Field(ge=1, le=8)
    credit_system: Code
    total_credits: Credits
    courses: tuple[Course, ...] = Field(min_length=1)

    @field_validator("courses")
    @classmethod
    def _codes_unique(cls, courses: tuple[Course, ...]) -> tuple[Course, ...]:
        return unique(courses, "code", "course")

    @model_validator(mode="after")
    def _required_fit(self) -> Programme:
        required = sum((c.credits for c in self.courses if c.required), Decimal(0))
        if required > self.total_credits:
            raise ValueError(
                f"required courses carry {required} credits, more than total_credits "
                f"{self.total_credits}"
            )
        return self

    def course(self, code: str) -> Course:
        """The course with this code."""
        for course in self.courses:
            if course.code == code:
                return course
        raise KeyError(code)


class Condition(DocumentModel):
    """What an outcome must be for a rule to use it; every stated part must hold."""

    standards: tuple[Code, ...] = ()
    outcome_types: tuple[OutcomeTypeCode, ...] = ()
    fields: tuple[Code, ...] = ()
    credit_system: Code | None = None
    min_level: int | None = Field(default=None, ge=1, le=8)
    #: Grades from lowest to highest as the catalog orders them; the outcome's must be one of
    #: ``grades`` at or above ``min_grade``.
    grades: tuple[Code, ...] = ()
    min_grade: Code | None = None
    max_age_years: int | None = Field(default=None, ge=1, le=80)

    @model_validator(mode="after")
    def _grade_order_known(self) -> Condition:
        if self.min_grade is not None and self.min_grade not in self.grades:
            raise ValueError(f"min_grade {self.min_grade!r} is not one of grades {self.grades}")
        if not (self.standards or self.outcome_types or self.fields or self.credit_system):
            raise ValueError(
                "a condition names at least standards, outcome_types, fields or a credit_system"
            )
        return self


class ExemptRule(DocumentModel):
    """An outcome meeting ``when``, and one more for each of ``together_with``, exempt courses."""

    kind: Literal["exempt"]
    id: Code
    when: Condition
    together_with: tuple[Condition, ...] = ()
    courses: tuple[Code, ...] = Field(min_length=1)


class CreditsRule(DocumentModel):
    """Each outcome meeting ``when`` gives credits to a pool: fixed, or by grade (prize level)."""

    kind: Literal["credits"]
    id: Code
    when: Condition
    to: Code
    credits: Credits | None = None
    by_grade: dict[Code, Credits] | None = None
    max_credits: Credits | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> CreditsRule:
        if (self.credits is None) == (self.by_grade is None):
            raise ValueError("give exactly one of credits or by_grade")
        return self


class RatioRule(DocumentModel):
    """Credits earned in another credit system convert at a stated ratio into a pool."""

    kind: Literal["ratio"]
    id: Code
    when: Condition
    to: Code
    ratio: Annotated[Decimal, Field(gt=0, le=10, allow_inf_nan=False)]
    max_credits: Credits | None = None


Rule = Annotated[ExemptRule | CreditsRule | RatioRule, Field(discriminator="kind")]


class Bucket(DocumentModel):
    """A pool of credits (elective, practical) a rule may fill, up to ``max_credits``."""

    id: Code
    name: Name
    max_credits: Credits


class RuleSet(VersionedDocument):
    """How one programme version accepts outcomes, with caps; published and anchored."""

    institution: Name
    programme: DocumentId
    programme_version: int = Field(ge=1)
    #: The most a learner may transfer, as a percentage of the programme's total credits.
    ceiling_percent: Annotated[Decimal, Field(gt=0, le=100, allow_inf_nan=False)]
    buckets: tuple[Bucket, ...] = ()
    rules: tuple[Rule, ...] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _rule_ids_unique(cls, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        return unique(rules, "id", "rule")

    @field_validator("buckets")
    @classmethod
    def _bucket_ids_unique(cls, buckets: tuple[Bucket, ...]) -> tuple[Bucket, ...]:
        return unique(buckets, "id", "bucket")

    @model_validator(mode="after")
    def _pools_declared(self) -> RuleSet:
        pools = {b.id for b in self.buckets}
        for rule in self.rules:
            if not isinstance(rule, ExemptRule) and rule.to not in pools:
                raise ValueError(f"rule {rule.id} fills pool {rule.to!r}, which is not in buckets")
        return self

    def bucket(self, bucket_id: str) -> Bucket:
        """The pool with this id."""
        return next(b for b in self.buckets if b.id == bucket_id)
