"""The one rule for credits, used by the verifier's report and page and the wallet's account.

Every credential falls into one class:

- ``certified``: anchored here by an issuer accredited for its scope. Its credits count only as
  the catalog in force gives them; one that disagrees with the catalog is flagged, not counted.
- ``converted``: a Credit Conversion Credential. Its credits count per target programme, with
  the sources they came from, and are never added to the certified totals (the sources are
  already there: adding both would count the same learning twice).
- ``generic``: anchored and accredited, but claims no credits against a catalog standard.
- ``foreign``: not anchored here, or not by an issuer accredited for its scope. No credits.

Only credentials whose every check passed count at all. The rule is pure: callers gather the
check outcomes, achievement facts, conversion claim and catalog verdict first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from node.conversion.credential import ConversionClaim
from node.verification.catalogs import UNCHECKED, CatalogVerdict
from node.verification.summary import credit_totals

__all__ = [
    "ANCHOR_CHECKS",
    "CREDIT_CLASSES",
    "CreditClass",
    "CreditInput",
    "CreditLine",
    "classify",
    "credit_statement",
]

CreditClass = Literal["certified", "converted", "generic", "foreign"]
CREDIT_CLASSES: tuple[CreditClass, ...] = ("certified", "converted", "generic", "foreign")
#: The checks that make a credential "anchored here by an issuer accredited for its scope".
ANCHOR_CHECKS = ("receipt", "issuer-binding", "accreditation")

RULE = (
    "certified credits count as the catalog in force gives them; converted credits count per "
    "programme and are never added to them; generic, foreign and unanchored credentials count "
    "for nothing"
)


@dataclass(frozen=True)
class CreditInput:
    """What the rule needs to know about one credential."""

    credential_id: str | None
    credential_hash: str | None
    #: check name → ``passed`` | ``failed`` | ``could-not-check``
    checks: Mapping[str, str]
    facts: Mapping[str, Any] = field(default_factory=dict)
    claim: ConversionClaim | None = None
    catalog: CatalogVerdict = UNCHECKED

    @property
    def valid(self) -> bool:
        """Checked and every check passed (fail closed)."""
        return bool(self.checks) and all(s == "passed" for s in self.checks.values())

    def failed(self) -> list[str]:
        """Names of the checks that did not pass."""
        return [name for name, status in self.checks.items() if status != "passed"]


@dataclass(frozen=True)
class CreditLine:
    """One credential's class, whether it counts, how much, and why."""

    credential_id: str | None
    credential_hash: str | None
    name: str | None
    credit_class: CreditClass
    counted: bool
    credits: Decimal | None
    credit_system: str | None
    note: str
    flagged: bool = False
    programme: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The line as JSON (credits as an exact decimal string)."""
        return {
            "credential_id": self.credential_id,
            "credential_hash": self.credential_hash,
            "name": self.name,
            "class": self.credit_class,
            "counted": self.counted,
            "credits": str(self.credits) if self.credits is not None else None,
            "credit_system": self.credit_system,
            "flagged": self.flagged,
            "programme": self.programme,
            "note": self.note,
        }


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _claims_credits(facts: Mapping[str, Any]) -> bool:
    return (
        isinstance(facts.get("credit_system"), str)
        and isinstance(facts.get("standard_code"), str)
        and _decimal(facts.get("credits_earned")) is not None
    )


def classify(item: CreditInput) -> CreditLine:
    """The class of one credential and whether its credits count."""
    facts = item.facts
    name = facts.get("name") if isinstance(facts.get("name"), str) else None
    system = facts.get("credit_system") if isinstance(facts.get("credit_system"), str) else None
    earned = _decimal(facts.get("credits_earned"))
    failed = item.failed()
    invalid = "not counted: " + ", ".join(f"{n} did not pass" for n in failed)

    def line(cls: CreditClass, counted: bool, note: str, **extra: Any) -> CreditLine:
        return CreditLine(
            item.credential_id, item.credential_hash, name, cls, counted,
            extra.pop("credits", earned), system, note, **extra,
        )  # fmt: skip

    unanchored = [n for n in ANCHOR_CHECKS if item.checks.get(n) != "passed"]
    if not item.checks or unanchored:
        why = ", ".join(f"{n} did not pass" for n in unanchored) or "not checked"
        return line("foreign", False, f"foreign or not anchored here ({why}): no credits")
    if item.claim is not None:
        claim = item.claim
        note = (
            f"{claim.credits} credits of {claim.programme}, from {len(claim.sources)} "
            "source credential(s); never added to certified credits"
        )
        return line(
            "converted",
            item.valid,
            note if item.valid else invalid,
            credits=claim.credits,
            programme=claim.programme,
        )
    if not _claims_credits(facts):
        return line("generic", False, "claims no credits against a catalog standard", credits=None)
    if not item.valid:
        return line("certified", False, invalid)
    if not item.catalog.allows_counting:
        return line("certified", False, f"flagged: {item.catalog.reason}", flagged=True)
    note = (
        item.catalog.reason
        if item.catalog.state == "agrees"
        else f"catalog not checked here ({item.catalog.reason})"
    )
    return line("certified", True, note)


def _sources(claim: ConversionClaim, by_hash: Mapping[str, CreditLine]) -> list[dict[str, Any]]:
    """Each source by hash, with the presented credential it is, if it was presented."""
    sources = []
    for source in claim.sources:
        seen = by_hash.get(source.lower())
        sources.append(
            {
                "credential_hash": source,
                "presented": seen is not None,
                "credential_id": seen.credential_id if seen else None,
                "name": seen.name if seen else None,
            }
        )
    return sources


def credit_statement(items: Sequence[CreditInput]) -> dict[str, Any]:
    """Every credential classified, certified totals, and conversions per programme.

    The top-level ``by_*`` totals are the certified credits only, per credit system.
    """
    lines = [classify(item) for item in items]
    certified = [
        dict(item.facts)
        for item, line in zip(items, lines, strict=True)
        if line.credit_class == "certified" and line.counted
    ]
    by_hash = {line.credential_hash.lower(): line for line in lines if line.credential_hash}
    programmes: dict[str, dict[str, Any]] = {}
    conversions = []
    for item, line in zip(items, lines, strict=True):
        if item.claim is None or line.credit_class != "converted":
            continue
        conversions.append(
            {
                "credential_id": line.credential_id,
                "conversion_id": item.claim.conversion_id,
                "programme": item.claim.programme,
                "credits": str(item.claim.credits),
                "credit_system": line.credit_system,
                "counted": line.counted,
                "note": line.note,
                "sources": _sources(item.claim, by_hash),
            }
        )
        if line.counted:
            entry = programmes.setdefault(
                item.claim.programme, {"credits": Decimal(0), "credit_system": line.credit_system}
            )
            entry["credits"] += item.claim.credits
    totals = credit_totals(certified, excluded=len(lines) - len(certified))
    return {
        "rule": RULE,
        **totals,
        "classes": {c: sum(1 for ln in lines if ln.credit_class == c) for c in CREDIT_CLASSES},
        "flagged": [ln.to_json() for ln in lines if ln.flagged],
        "by_programme": {
            programme: {"credits": str(entry["credits"]), "credit_system": entry["credit_system"]}
            for programme, entry in sorted(programmes.items())
        },
        "conversions": conversions,
        "credentials": [ln.to_json() for ln in lines],
    }
