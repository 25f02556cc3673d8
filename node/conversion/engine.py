"""The rules engine: the same outcomes and rule-set version always give the same decision.

Outcomes are taken in the order of their hashes, never in the order they were presented, and
rules in the order the rule set publishes them; each outcome serves one rule at most, each
course is exempted once, pools and rules have caps, and the programme's ceiling bounds it all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from node.conversion.documents import (
    Condition,
    CreditsRule,
    ExemptRule,
    Programme,
    RatioRule,
    Rule,
    RuleSet,
)
from node.conversion.outcomes import Outcome
from node.errors import InputError

__all__ = ["Decision", "Grant", "OfficerOverreachError", "RuleResult", "adjust", "decide", "unmet"]

_CENT = Decimal("0.01")
RuleStatus = Literal["applied", "not-applicable", "capped"]


class OfficerOverreachError(InputError):
    """An officer tried to grant what the rules and caps do not allow."""

    code = "CONVERSION_OVER_RULES"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class Grant:
    """Credits one rule grants: a course exempted or credits into a pool, and their sources."""

    id: str
    rule: str
    target: str
    kind: Literal["course", "pool"]
    credits: Decimal
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleResult:
    """What one rule did, and why."""

    rule: str
    status: RuleStatus
    reason: str
    credits: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Decision:
    """A proposed (or adjusted) conversion: grants, one result per rule, the total and ceiling."""

    programme: str
    programme_version: int
    rule_set: str
    rule_set_version: int
    as_of: date
    ceiling: Decimal
    grants: tuple[Grant, ...]
    results: tuple[RuleResult, ...]
    adjustments: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        """Credits granted in all."""
        return sum((g.credits for g in self.grants), Decimal(0))

    @property
    def sources(self) -> tuple[str, ...]:
        """The outcomes (credential hashes) the grants use, in hash order."""
        return tuple(sorted({s for g in self.grants for s in g.sources}))

    def to_json(self) -> dict[str, Any]:
        """The decision as JSON, credits as exact decimal strings."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["total"] = self.total
        data["sources"] = list(self.sources)
        plain: dict[str, Any] = json.loads(json.dumps(data, default=str))
        return plain

    def digest(self) -> str:
        """SHA-256 of the canonical decision: equal decisions, equal digests."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return "0x" + hashlib.sha256(text.encode()).hexdigest()


def unmet(condition: Condition, outcome: Outcome, as_of: date) -> str | None:
    """Why an outcome does not meet a condition, or None when it does."""
    if condition.standards and outcome.standard not in condition.standards:
        return f"standard {outcome.standard} is not one of {', '.join(condition.standards)}"
    if condition.outcome_types and outcome.outcome_type not in condition.outcome_types:
        kinds = ", ".join(condition.outcome_types)
        return f"outcome type {outcome.outcome_type} is not one of {kinds}"
    if condition.fields and outcome.field not in condition.fields:
        return f"field {outcome.field} is not one of {', '.join(condition.fields)}"
    if condition.credit_system and outcome.credit_system != condition.credit_system:
        return f"credit system {outcome.credit_system} is not {condition.credit_system}"
    if condition.min_level is not None and (outcome.level or 0) < condition.min_level:
        return f"level {outcome.level} is below {condition.min_level}"
    if condition.min_grade is not None:
        order = condition.grades
        if outcome.grade not in order or order.index(outcome.grade) < order.index(
            condition.min_grade
        ):
            return f"grade {outcome.grade} is below {condition.min_grade}"
    elif condition.grades and outcome.grade not in condition.grades:
        return f"grade {outcome.grade} is not one of {', '.join(condition.grades)}"
    if condition.max_age_years is not None:
        if outcome.awarded_on is None:
            return "the outcome has no award date"
        age_days = (as_of - outcome.awarded_on).days
        if age_days > condition.max_age_years * 365.25:
            return f"awarded {outcome.awarded_on}, more than {condition.max_age_years} years ago"
    return None


class _Run:
    """The mutable state of one decision: what is used, exempted, filled, and granted."""

    def __init__(
        self, programme: Programme, rule_set: RuleSet, outcomes: list[Outcome], as_of: date
    ):
        self.programme, self.rule_set, self.as_of = programme, rule_set, as_of
        self.outcomes = outcomes
        self.used: set[str] = set()
        self.exempted: dict[str, str] = {}
        self.pools: dict[str, Decimal] = {b.id: Decimal(0) for b in rule_set.buckets}
        self.grants: list[Grant] = []
        self.ceiling = _cents(programme.total_credits * rule_set.ceiling_percent / 100)

    @property
    def left(self) -> Decimal:
        return self.ceiling - sum((g.credits for g in self.grants), Decimal(0))

    def first(self, condition: Condition, taken: set[str]) -> tuple[Outcome | None, str]:
        """The first unused outcome meeting a condition, or the reason none does."""
        reasons = []
        for outcome in self.outcomes:
            if outcome.hash in self.used or outcome.hash in taken:
                continue
            why = unmet(condition, outcome, self.as_of)
            if why is None:
                return outcome, ""
            reasons.append(why)
        return None, (reasons[0] if reasons else "no unused outcome is left")

    def grant(self, rule: str, target: str, kind: Literal["course", "pool"], credits: Decimal,
              sources: tuple[str, ...]) -> None:  # fmt: skip
        self.grants.append(
            Grant(f"{rule}/{target}/{len(self.grants)}", rule, target, kind, credits, sources)
        )
        self.used.update(sources)

    def exempt(self, rule: ExemptRule) -> RuleResult:
        open_courses = [c for c in rule.courses if c not in self.exempted]
        if not open_courses:
            return RuleResult(rule.id, "not-applicable", "its courses are already exempted")
        chosen: list[Outcome] = []
        for condition in (rule.when, *rule.together_with):
            found, why = self.first(condition, {o.hash for o in chosen})
            if found is None:
                return RuleResult(rule.id, "not-applicable", f"no outcome meets it: {why}")
            chosen.append(found)
        credits = sum((self.programme.course(c).credits for c in open_courses), Decimal(0))
        if credits > self.left:
            return RuleResult(
                rule.id, "capped",
                f"exempting {', '.join(open_courses)} ({credits}) would pass the ceiling "
                f"of {self.ceiling} ({self.left} left)",
            )  # fmt: skip
        sources = tuple(sorted(o.hash for o in chosen))
        for course in open_courses:
            self.grant(rule.id, course, "course", self.programme.course(course).credits, sources)
            self.exempted[course] = rule.id
        return RuleResult(rule.id, "applied", f"exempts {', '.join(open_courses)}", credits)

    def fill(self, rule: CreditsRule | RatioRule) -> RuleResult:
        granted, capped, matched = Decimal(0), False, 0
        rule_cap = rule.max_credits
        for outcome in self.outcomes:
            if outcome.hash in self.used or unmet(rule.when, outcome, self.as_of) is not None:
                continue
            matched += 1
            amount = self._amount(rule, outcome)
            if amount is None:
                continue
            pool_left = self.rule_set.bucket(rule.to).max_credits - self.pools[rule.to]
            limits = [amount, pool_left, self.left]
            if rule_cap is not None:
                limits.append(rule_cap - granted)
            allowed = max(min(limits), Decimal(0))
            capped = capped or allowed < amount
            if allowed <= 0:
                continue
            self.grant(rule.id, rule.to, "pool", allowed, (outcome.hash,))
            self.pools[rule.to] += allowed
            granted += allowed
        if matched == 0:
            _, why = self.first(rule.when, set())
            return RuleResult(rule.id, "not-applicable", f"no outcome meets it: {why}")
        if capped:
            return RuleResult(rule.id, "capped", f"{granted} credits to {rule.to}, capped", granted)
        if granted == 0:
            return RuleResult(rule.id, "not-applicable", "matching outcomes earn no credits here")
        return RuleResult(rule.id, "applied", f"{granted} credits to {rule.to}", granted)

    @staticmethod
    def _amount(rule: CreditsRule | RatioRule, outcome: Outcome) -> Decimal | None:
        if isinstance(rule, RatioRule):
            return _cents(outcome.credits * rule.ratio)
        if rule.by_grade is not None:
            return rule.by_grade.get(outcome.grade or "")
        return rule.credits

    def apply(self, rule: Rule) -> RuleResult:
        return self.exempt(rule) if isinstance(rule, ExemptRule) else self.fill(rule)


def decide(
    programme: Programme, rule_set: RuleSet, outcomes: Iterable[Outcome], as_of: date
) -> Decision:
    """Apply every rule in published order to the outcomes in hash order."""
    unique = sorted({o.hash: o for o in outcomes}.values(), key=lambda o: o.hash)
    run = _Run(programme, rule_set, unique, as_of)
    results = tuple(run.apply(rule) for rule in rule_set.rules)
    return Decision(
        programme.id, programme.version, rule_set.id, rule_set.version, as_of,
        run.ceiling, tuple(run.grants), results,
    )  # fmt: skip


def adjust(decision: Decision, keep: Mapping[str, Decimal], reason: str) -> Decision:
    """An officer's decision within the proposal: keep grants at or below their credits.

    Grants not named are dropped. Naming an unknown grant or raising credits is refused:
    an officer cannot grant more than the rules and caps allow.
    """
    if not reason.strip():
        raise InputError("an adjusted decision needs a reason")
    by_id = {g.id: g for g in decision.grants}
    unknown = sorted(set(keep) - set(by_id))
    if unknown:
        raise OfficerOverreachError(f"the rules granted nothing as {', '.join(unknown)}")
    kept = []
    for grant in decision.grants:
        if grant.id not in keep:
            continue
        credits = keep[grant.id]
        if credits > grant.credits or credits <= 0 or credits != _cents(credits):
            raise OfficerOverreachError(
                f"{grant.id} may carry more than 0 and at most {grant.credits} credits, "
                f"not {credits}"
            )
        kept.append(replace(grant, credits=credits))
    return replace(decision, grants=tuple(kept), adjustments=(*decision.adjustments, reason))
