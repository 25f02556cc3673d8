"""Request and response shapes of the governance API, for OpenAPI."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

from pydantic import BaseModel, Field

from governance.errors import ProposalInputError
from node.chain import Scope
from node.documents import DocumentEntryNotFoundError, QualificationFramework

__all__ = [
    "AccreditationCreate",
    "GovernorCreate",
    "OperatorCreate",
    "QuorumChange",
    "RejectionCreate",
    "ValidatorVote",
]


class AccreditationCreate(BaseModel):
    """Accredit a certification centre or a branch centre: who, which DID, what, when."""

    account: str = Field(description="the centre's Ethereum account")
    did: str = Field(description="the DID it signs credentials with", max_length=500)
    fields: list[str | int] = Field(min_length=1, max_length=256, description="codes or ids")
    outcome_types: list[str | int] = Field(min_length=1, max_length=32)
    max_level: int = Field(ge=1, le=255)
    can_convert: bool = False
    valid_from: date | None = Field(default=None, description="default: today")
    valid_until: date
    branch: bool = Field(default=False, description="a branch centre, which accredits issuers")

    def scope(self, framework: QualificationFramework | None) -> Scope:
        """The on-chain scope, codes named through the framework in force."""
        try:
            fields = [
                i if isinstance(i, int) else _need(framework, i).field(i).id for i in self.fields
            ]
            types = [
                i if isinstance(i, int) else _need(framework, i).outcome_type(i).id
                for i in self.outcome_types
            ]
            return Scope.of(fields, types, self.max_level, self.can_convert)
        except (DocumentEntryNotFoundError, ValueError) as exc:
            raise ProposalInputError(str(exc)) from exc

    def window(self) -> tuple[int, int]:
        """Validity as Unix seconds: from the start of the first day to the end of the last."""
        start = self.valid_from or datetime.now(UTC).date()
        return calendar.timegm(start.timetuple()), calendar.timegm(
            self.valid_until.timetuple()
        ) + 86_399


def _need(framework: QualificationFramework | None, code: str) -> QualificationFramework:
    if framework is None:
        raise ProposalInputError(
            f"no framework is published on this ledger, so {code!r} has no meaning: give ids"
        )
    return framework


class RejectionCreate(BaseModel):
    """Why this member says no."""

    reason: str = Field(min_length=1, max_length=1000)


class GovernorCreate(BaseModel):
    """A governor to add."""

    account: str


class QuorumChange(BaseModel):
    """The approvals an action should need."""

    quorum: int = Field(ge=1, le=1000)


class ValidatorVote(BaseModel):
    """Vote a validator in (``add``) or out."""

    address: str
    add: bool = True


class OperatorCreate(BaseModel):
    """Another person allowed to act through this member's desk."""

    name: str = Field(min_length=1, max_length=64)
