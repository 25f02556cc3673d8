"""The verification report: one entry per check, and a verdict that fails closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from node.conversion.credential import ConversionClaim
from node.verification.catalogs import UNCHECKED, CatalogVerdict
from node.verification.credits import CreditInput, credit_statement

__all__ = [
    "Check",
    "CheckStatus",
    "CredentialReport",
    "CredentialStatusName",
    "PresentationReport",
]

#: The ledger's word on a credential, or ``unknown`` when it could not be read.
CredentialStatusName = Literal["active", "suspended", "revoked", "unknown"]


class CheckStatus(StrEnum):
    """Outcome of one check; only ``passed`` counts towards a valid verdict."""

    PASSED = "passed"
    FAILED = "failed"
    COULD_NOT_CHECK = "could-not-check"


@dataclass(frozen=True, slots=True)
class Check:
    """One named check, its outcome and a reason a person can read."""

    name: str
    status: CheckStatus
    reason: str

    @classmethod
    def passed(cls, name: str, reason: str) -> Check:
        """A check that held."""
        return cls(name, CheckStatus.PASSED, reason)

    @classmethod
    def failed(cls, name: str, reason: str) -> Check:
        """A check that did not hold."""
        return cls(name, CheckStatus.FAILED, reason)

    @classmethod
    def could_not(cls, name: str, reason: str) -> Check:
        """A check that could not be made (never counts as passed)."""
        return cls(name, CheckStatus.COULD_NOT_CHECK, reason)

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return self.status is CheckStatus.PASSED

    def to_json(self) -> dict[str, str]:
        """The check as JSON."""
        return {"name": self.name, "status": self.status.value, "reason": self.reason}


@dataclass
class CredentialReport:
    """Every check of one credential; ``facts`` are what its achievement claims."""

    credential_id: str | None
    credential_hash: str | None
    issuer: str | None
    subject: str | None
    checks: list[Check]
    status: CredentialStatusName = "unknown"
    facts: dict[str, Any] = field(default_factory=dict)
    #: the conversion claim of a Credit Conversion Credential, if it makes one
    claim: ConversionClaim | None = None
    #: the catalog in force on this credential's credits
    catalog: CatalogVerdict = UNCHECKED

    @property
    def valid(self) -> bool:
        """Valid only when there are checks and every one passed (fail closed)."""
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def summary(self) -> dict[str, Any]:
        """Standard, field, level, outcome type and credits, as the achievement states them."""
        return dict(self.facts)

    def check(self, name: str) -> Check | None:
        """The check with this name, if it was made."""
        return next((c for c in self.checks if c.name == name), None)

    def credit_input(self) -> CreditInput:
        """What the one rule for credits needs from this report."""
        return CreditInput(
            credential_id=self.credential_id,
            credential_hash=self.credential_hash,
            checks={c.name: c.status.value for c in self.checks},
            facts=self.facts,
            claim=self.claim,
            catalog=self.catalog,
        )

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "credential_id": self.credential_id,
            "credential_hash": self.credential_hash,
            "issuer": self.issuer,
            "subject": self.subject,
            "status": self.status,
            "valid": self.valid,
            "checks": [c.to_json() for c in self.checks],
            "summary": self.summary,
            "catalog": self.catalog.to_json(),
        }


@dataclass
class PresentationReport:
    """The presentation's own checks and one report per credential inside it."""

    checks: list[Check]
    credentials: list[CredentialReport]
    holder: str | None = None

    @property
    def verdict(self) -> Literal["valid", "invalid"]:
        """Valid only if every presentation and credential check passed (fail closed)."""
        ok = (
            bool(self.checks)
            and all(c.ok for c in self.checks)
            and bool(self.credentials)
            and all(r.valid for r in self.credentials)
        )
        return "valid" if ok else "invalid"

    @property
    def credit_summary(self) -> dict[str, Any]:
        """The one rule for credits over every credential (``node.verification.credits``)."""
        return credit_statement([r.credit_input() for r in self.credentials])

    def check(self, name: str) -> Check | None:
        """The presentation check with this name, if it was made."""
        return next((c for c in self.checks if c.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "verdict": self.verdict,
            "holder": self.holder,
            "checks": [c.to_json() for c in self.checks],
            "credentials": [r.to_json() for r in self.credentials],
            "credit_summary": self.credit_summary,
        }
