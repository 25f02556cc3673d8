"""The facts of a verified credential that conversion rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from node.credentials import credential_hash
from node.credentials.facts import achievement_facts

__all__ = ["Outcome", "outcome_of"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One certified learning outcome, named by its credential's anchored hash."""

    hash: str
    standard: str | None
    outcome_type: str | None
    field: str | None
    level: int | None
    grade: str | None
    credits: Decimal
    credit_system: str | None
    awarded_on: date | None
    name: str | None = None


def _awarded_on(vc: dict[str, Any]) -> date | None:
    value = vc.get("issuanceDate") or vc.get("validFrom")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def outcome_of(vc: dict[str, Any]) -> Outcome:
    """The outcome a signed credential certifies (its hash, standard, level, grade, credits)."""
    facts = achievement_facts(vc)
    earned = facts.get("credits_earned")
    return Outcome(
        hash="0x" + credential_hash(vc).hex(),
        standard=facts.get("standard_code"),
        outcome_type=facts.get("outcome_type"),
        field=facts.get("field"),
        level=facts.get("level"),
        grade=facts.get("skill_grade"),
        credits=Decimal(str(earned)) if earned is not None else Decimal(0),
        credit_system=facts.get("credit_system"),
        awarded_on=_awarded_on(vc),
        name=facts.get("name"),
    )
