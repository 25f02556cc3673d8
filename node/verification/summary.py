"""What a credential's achievement claims, and the candidate's credit totals over many."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

__all__ = ["achievement_facts", "credit_totals", "subject_of"]

_TEXT_FACTS = {
    "standard_code": "humanCode",
    "name": "name",
    "field": "fieldOfStudyCode",
    "field_name": "fieldOfStudy",
    "outcome_type": "outcomeType",
    "achievement_type": "achievementType",
    "credit_system": "creditSystem",
    "skill_grade": "skillGrade",
}


def subject_of(credential: object) -> dict[str, Any] | None:
    """The first ``credentialSubject`` object of a credential, if it has one."""
    if not isinstance(credential, dict):
        return None
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    return subject if isinstance(subject, dict) else None


def _number(value: object) -> int | float | None:
    """A finite JSON number (never a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def achievement_facts(credential: object) -> dict[str, Any]:
    """Standard code, field, level, outcome type, credits and credit system, where well-typed."""
    subject = subject_of(credential)
    achievement = subject.get("achievement") if subject else None
    if not isinstance(subject, dict) or not isinstance(achievement, dict):
        return {}
    facts: dict[str, Any] = {
        key: achievement[source]
        for key, source in _TEXT_FACTS.items()
        if isinstance(achievement.get(source), str)
    }
    level = achievement.get("qualificationLevel")
    if isinstance(level, int) and not isinstance(level, bool):
        facts["level"] = level
    for key, value in (
        ("credits_earned", subject.get("creditsEarned")),
        ("credits_available", achievement.get("creditsAvailable")),
    ):
        number = _number(value)
        if number is not None:
            facts[key] = number
    return facts


def _json_number(value: Decimal) -> str:
    """Credits as JSON decimal strings, as the wallet shows them: exact, never a float."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _order(key: str) -> tuple[int, int, str]:
    """Numbers (levels) in numeric order, then names in alphabetical order."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def credit_totals(facts: Sequence[dict[str, Any]], *, excluded: int = 0) -> dict[str, Any]:
    """Sum credits per credit system, and per system within each field, level and type.

    Credits of different systems are never added together. Only credentials that state
    a credit system and a number of credits earned count.
    """
    by_system: dict[str, Decimal] = defaultdict(Decimal)
    groups: dict[str, dict[str, dict[str, Decimal]]] = {
        "field": defaultdict(lambda: defaultdict(Decimal)),
        "level": defaultdict(lambda: defaultdict(Decimal)),
        "outcome_type": defaultdict(lambda: defaultdict(Decimal)),
    }
    counted = 0
    for fact in facts:
        system, credits = fact.get("credit_system"), fact.get("credits_earned")
        if not isinstance(system, str) or credits is None:
            excluded += 1
            continue
        amount = Decimal(str(credits))
        counted += 1
        by_system[system] += amount
        for group, totals in groups.items():
            key = fact.get(group)
            totals[str(key) if key is not None else "unknown"][system] += amount

    def plain(table: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, str]]:
        return {
            key: {s: _json_number(v) for s, v in sorted(row.items())}
            for key, row in sorted(table.items(), key=lambda item: _order(item[0]))
        }

    return {
        "credentials_counted": counted,
        "credentials_excluded": excluded,
        "by_credit_system": {s: _json_number(v) for s, v in sorted(by_system.items())},
        "by_field": plain(groups["field"]),
        "by_level": plain(groups["level"]),
        "by_outcome_type": plain(groups["outcome_type"]),
    }
