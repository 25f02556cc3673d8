"""What an audit of conversions found: one finding per problem, each with its officer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["AuditReport", "AuditedConversion", "Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One conversion the rules or the evidence do not justify, and why, in words."""

    code: str
    conversion_id: str
    officer: str | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        """The finding as the CLI and the route show it."""
        return {
            "code": self.code,
            "conversionId": self.conversion_id,
            "officer": self.officer,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class AuditedConversion:
    """One on-chain conversion as audited: credits recorded and the officer who approved it."""

    conversion_id: str
    credits: str
    officer: str | None


@dataclass(slots=True)
class AuditReport:
    """Every recorded conversion of one institution, checked against its export."""

    institution: str
    exported: int
    conversions: list[AuditedConversion] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Whether nothing was found."""
        return not self.findings

    def to_json(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "institution": self.institution,
            "recorded": len(self.conversions),
            "exported": self.exported,
            "clean": self.clean,
            "conversions": [
                {"conversionId": c.conversion_id, "credits": c.credits, "officer": c.officer}
                for c in self.conversions
            ],
            "findings": [f.to_json() for f in self.findings],
        }
