"""Consulting: what outcomes already cover in a programme, and what would cover the rest.

The planner runs the published rules on the learner's outcomes (the same engine a college
uses), then looks for outcome standards in published catalogs that would meet the rules of
each course still open and of each credit pool not yet full.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from node.conversion.documents import Condition, ExemptRule, Programme, RuleSet
from node.conversion.engine import Decision, decide, unmet
from node.conversion.outcomes import Outcome
from node.documents import OutcomeCatalog, OutcomeStandard

__all__ = ["Plan", "Suggestion", "plan"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A catalog outcome standard, at the lowest grade that would meet a rule."""

    standard: str
    name: str
    grade: str | None
    catalog: str
    rule: str

    def to_json(self) -> dict[str, Any]:
        """The suggestion as JSON."""
        return {
            "standard": self.standard, "name": self.name, "grade": self.grade,
            "catalog": self.catalog, "rule": self.rule,
        }  # fmt: skip


@dataclass
class Plan:
    """Covered and remaining courses and credits of one programme, with suggestions."""

    programme: Programme
    decision: Decision
    covered: dict[str, str] = field(default_factory=dict)
    remaining: dict[str, list[Suggestion]] = field(default_factory=dict)
    pools: dict[str, tuple[Decimal, Decimal, list[Suggestion]]] = field(default_factory=dict)

    @property
    def credits_to_study(self) -> Decimal:
        """Programme credits still to earn by study after the conversion."""
        return self.programme.total_credits - self.decision.total

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON."""
        return {
            "programme": self.programme.id,
            "programme_name": self.programme.name,
            "total_credits": str(self.programme.total_credits),
            "converted_credits": str(self.decision.total),
            "ceiling": str(self.decision.ceiling),
            "credits_to_study": str(self.credits_to_study),
            "covered": self.covered,
            "remaining": {
                course: [s.to_json() for s in options] for course, options in self.remaining.items()
            },
            "pools": {
                pool: {
                    "filled": str(filled),
                    "max": str(cap),
                    "options": [s.to_json() for s in opts],
                }
                for pool, (filled, cap, opts) in self.pools.items()
            },
            "rules": [
                {"rule": r.rule, "status": r.status, "reason": r.reason, "credits": str(r.credits)}
                for r in self.decision.results
            ],
        }


def _hypothetical(standard: OutcomeStandard, grade: str | None, as_of: date) -> Outcome:
    award = standard.award(grade)
    return Outcome(
        hash=f"plan:{standard.code}:{grade}",
        standard=standard.code,
        outcome_type=standard.outcome_type,
        field=standard.field,
        level=award.level,
        grade=grade,
        credits=award.credits,
        credit_system=standard.credit_system,
        awarded_on=as_of,
        name=standard.name,
    )


def _options(
    conditions: Sequence[Condition], rule: str, catalogs: Sequence[OutcomeCatalog], as_of: date
) -> list[Suggestion]:
    """Standards (at their lowest sufficient grade) meeting any of the conditions."""
    found: list[Suggestion] = []
    for catalog in catalogs:
        for standard in catalog.standards:
            grades: list[str | None] = [g.code for g in standard.grades] or [None]
            for grade in grades:
                outcome = _hypothetical(standard, grade, as_of)
                if any(unmet(c, outcome, as_of) is None for c in conditions):
                    found.append(Suggestion(standard.code, standard.name, grade, catalog.id, rule))
                    break
    return found


def plan(
    programme: Programme,
    rule_set: RuleSet,
    outcomes: Iterable[Outcome],
    catalogs: Sequence[OutcomeCatalog],
    as_of: date,
) -> Plan:
    """What the outcomes cover under the rules, what remains, and what would cover it."""
    decision = decide(programme, rule_set, outcomes, as_of)
    result = Plan(programme, decision)
    for grant in decision.grants:
        if grant.kind == "course":
            result.covered[grant.target] = grant.rule
    room = decision.ceiling - decision.total
    for course in programme.courses:
        if course.code in result.covered or not course.required:
            continue
        options: list[Suggestion] = []
        if course.credits <= room:
            for rule in rule_set.rules:
                if isinstance(rule, ExemptRule) and course.code in rule.courses:
                    options += _options([rule.when], rule.id, catalogs, as_of)
        result.remaining[course.code] = options
    for bucket in rule_set.buckets:
        filled = sum((g.credits for g in decision.grants if g.target == bucket.id), Decimal(0))
        options = []
        if filled < bucket.max_credits and room > 0:
            for rule in rule_set.rules:
                if not isinstance(rule, ExemptRule) and rule.to == bucket.id:
                    options += _options([rule.when], rule.id, catalogs, as_of)
        result.pools[bucket.id] = (filled, bucket.max_credits, options)
    return result
