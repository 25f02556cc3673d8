"""The qualification framework: levels, fields of study, outcome types and credit systems.

Field and outcome-type ids are the bit positions of the on-chain ``Scope`` bitmasks, so the
framework is what gives an accreditation scope its meaning.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator

from node.chain.types import Scope
from node.documents.base import Code, DocumentModel, Name, Text, VersionedDocument, unique
from node.documents.errors import DocumentEntryNotFoundError

__all__ = [
    "OUTCOME_TYPE_CODES",
    "CreditSystem",
    "FieldOfStudy",
    "Level",
    "OutcomeType",
    "OutcomeTypeCode",
    "QualificationFramework",
]

#: The kinds of learning outcome the bank certifies (DESIGN.md: "outcome types").
OutcomeTypeCode = Literal[
    "academic_course",
    "skill_certificate",
    "training",
    "competition_award",
    "work_experience",
    "military_service",
    "other",
]
OUTCOME_TYPE_CODES: tuple[str, ...] = get_args(OutcomeTypeCode)


class Level(DocumentModel):
    """One framework level; its number is the on-chain ``maxLevel`` scale."""

    number: int = Field(ge=1, le=255)
    name: Name
    descriptor: Text


class FieldOfStudy(DocumentModel):
    """A field of study; ``id`` is its bit in ``Scope.fields``."""

    id: int = Field(ge=0, le=255)
    code: Code
    name: Name


class OutcomeType(DocumentModel):
    """A kind of learning outcome; ``id`` is its bit in ``Scope.outcome_types``."""

    id: int = Field(ge=0, le=31)
    code: OutcomeTypeCode
    name: Name


class CreditSystem(DocumentModel):
    """A unit credits are counted in, e.g. ``CB`` (credit-bank credits) or ``ECTS``."""

    code: Code
    name: Name


class QualificationFramework(VersionedDocument):
    """One version of the framework every catalog, scope and rule set refers to."""

    type: Literal["QualificationFramework"] = "QualificationFramework"
    name: Name
    levels: tuple[Level, ...] = Field(min_length=1)
    fields_of_study: tuple[FieldOfStudy, ...] = Field(min_length=1)
    outcome_types: tuple[OutcomeType, ...] = Field(min_length=1)
    credit_systems: tuple[CreditSystem, ...] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels_count_from_one(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        """Levels are numbered 1..N in order, so a level cap compares as a number."""
        numbers = [level.number for level in levels]
        if numbers != list(range(1, len(levels) + 1)):
            raise ValueError(f"levels must be numbered 1..{len(levels)} in order, got {numbers}")
        return levels

    @field_validator("fields_of_study")
    @classmethod
    def _fields_unique(cls, fields: tuple[FieldOfStudy, ...]) -> tuple[FieldOfStudy, ...]:
        """Two fields on one bit, or under one code, would make scopes ambiguous."""
        return unique(unique(fields, "id", "field"), "code", "field")

    @field_validator("outcome_types")
    @classmethod
    def _types_unique(cls, types: tuple[OutcomeType, ...]) -> tuple[OutcomeType, ...]:
        """Two outcome types on one bit, or under one code, would make scopes ambiguous."""
        return unique(unique(types, "id", "outcome type"), "code", "outcome type")

    @field_validator("credit_systems")
    @classmethod
    def _systems_unique(cls, systems: tuple[CreditSystem, ...]) -> tuple[CreditSystem, ...]:
        """A credit-system code names one unit only."""
        return unique(systems, "code", "credit system")

    def level(self, number: int) -> Level:
        """The level with this number."""
        if 1 <= number <= len(self.levels):
            return self.levels[number - 1]
        raise DocumentEntryNotFoundError(
            f"framework {self.id} v{self.version} has no level {number}"
        )

    def field(self, code: str) -> FieldOfStudy:
        """The field of study with this code."""
        for item in self.fields_of_study:
            if item.code == code:
                return item
        raise DocumentEntryNotFoundError(
            f"framework {self.id} v{self.version} has no field {code!r}"
        )

    def outcome_type(self, code: str) -> OutcomeType:
        """The outcome type with this code."""
        for item in self.outcome_types:
            if item.code == code:
                return item
        raise DocumentEntryNotFoundError(
            f"framework {self.id} v{self.version} has no outcome type {code!r}"
        )

    def credit_system(self, code: str) -> CreditSystem:
        """The credit system with this code."""
        for item in self.credit_systems:
            if item.code == code:
                return item
        raise DocumentEntryNotFoundError(
            f"framework {self.id} v{self.version} has no credit system {code!r}"
        )

    def scope_bits(self, field_code: str, outcome_type_code: str, level: int) -> Scope:
        """The on-chain scope an issuer needs to certify one outcome of this field, type, level."""
        self.level(level)
        return Scope.of(
            fields=[self.field(field_code).id],
            outcome_types=[self.outcome_type(outcome_type_code).id],
            max_level=level,
        )
