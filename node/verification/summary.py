"""What a credential's achievement claims, and the candidate's credit totals over many."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from node.credentials.facts import achievement_facts, subject_of

__all__ = ["achievement_facts", "credit_totals", "subject_of"]


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
