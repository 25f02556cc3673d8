"""An issuer's outcome-standard catalog: what it certifies, at which level, for how many credits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from node.documents.base import (
    Code,
    Credits,
    DocumentId,
    DocumentModel,
    Name,
    Text,
    VersionedDocument,
    unique,
)
from node.documents.errors import DocumentEntryNotFoundError

__all__ = ["Award", "FrameworkRef", "Grade", "OutcomeCatalog", "OutcomeStandard"]


class FrameworkRef(DocumentModel):
    """The framework version a catalog is written against."""

    id: DocumentId
    version: int = Field(ge=1)


class Grade(DocumentModel):
    """One grade of a graded certificate (1+X: primary, intermediate, advanced)."""

    code: Code
    name: Name
    level: int = Field(ge=1, le=255)
    credits: Credits


@dataclass(frozen=True, slots=True)
class Award:
    """What one certified outcome is worth: its level and credits, grade applied."""

    standard: str
    grade: str | None
    level: int
    credits: Decimal
    credit_system: str


class OutcomeStandard(DocumentModel):
    """A published standard a learning outcome is assessed against.

    Ungraded standards carry ``level`` and ``credits``; graded ones carry ``grades`` instead,
    each with its own level and credits.
    """

    code: Code
    name: Name
    description: Text
    criteria: Text
    outcome_type: Code
    field: Code
    credit_system: Code
    level: int | None = Field(default=None, ge=1, le=255)
    credits: Credits | None = None
    grades: tuple[Grade, ...] = ()

    @field_validator("grades")
    @classmethod
    def _grades_unique(cls, grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
        """A grade code names one grade only."""
        return unique(grades, "code", "grade")

    @model_validator(mode="after")
    def _graded_or_not(self) -> OutcomeStandard:
        """Either one level and amount, or a grade table: never both, never neither."""
        if self.grades:
            if self.level is not None or self.credits is not None:
                raise ValueError("a graded standard takes level and credits from its grades only")
        elif self.level is None or self.credits is None:
            raise ValueError("an ungraded standard needs both level and credits")
        return self

    @property
    def graded(self) -> bool:
        """Whether an award names one of the grades."""
        return bool(self.grades)

    @property
    def levels(self) -> tuple[int, ...]:
        """Every level an award of this standard can carry."""
        if self.grades:
            return tuple(sorted({grade.level for grade in self.grades}))
        assert self.level is not None  # noqa: S101 - guaranteed by _graded_or_not
        return (self.level,)

    def award(self, grade: str | None = None) -> Award:
        """Level and credits for an outcome certified at ``grade`` (``None`` if ungraded)."""
        if not self.grades:
            if grade is not None:
                raise DocumentEntryNotFoundError(f"standard {self.code} is not graded")
            assert self.level is not None and self.credits is not None  # noqa: S101
            return Award(self.code, None, self.level, self.credits, self.credit_system)
        for item in self.grades:
            if item.code == grade:
                return Award(self.code, item.code, item.level, item.credits, self.credit_system)
        codes = ", ".join(g.code for g in self.grades)
        raise DocumentEntryNotFoundError(
            f"standard {self.code} has no grade {grade!r} (grades: {codes})"
        )


class OutcomeCatalog(VersionedDocument):
    """One version of an issuer's catalog of outcome standards."""

    type: Literal["OutcomeCatalog"] = "OutcomeCatalog"
    issuer: Name
    framework: FrameworkRef
    standards: tuple[OutcomeStandard, ...] = Field(min_length=1)

    @field_validator("standards")
    @classmethod
    def _codes_unique(cls, standards: tuple[OutcomeStandard, ...]) -> tuple[OutcomeStandard, ...]:
        """Credentials cite a standard by code, so a code names one standard only."""
        return unique(standards, "code", "standard")

    def standard(self, code: str) -> OutcomeStandard:
        """The standard with this code."""
        for item in self.standards:
            if item.code == code:
                return item
        raise DocumentEntryNotFoundError(
            f"catalog {self.id} v{self.version} has no standard {code!r}"
        )
