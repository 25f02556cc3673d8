"""The rules engine on the demo college's rules: decisions, explanations, caps, determinism."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node.conversion import (
    OfficerOverreachError,
    Outcome,
    adjust,
    decide,
    load_demo_programme,
    load_demo_rule_set,
)

PROGRAMME = load_demo_programme()
RULES = load_demo_rule_set()
TODAY = date(2026, 11, 24)


def outcome(
    standard: str,
    kind: str = "skill_certificate",
    *,
    grade: str | None = None,
    field: str = "information-technology",
    level: int = 4,
    credits: str = "6",
    system: str = "CB",
    awarded: date = date(2025, 6, 1),
    salt: str = "",
) -> Outcome:
    text = f"{standard}{kind}{grade}{field}{level}{credits}{system}{awarded}{salt}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Outcome(
        "0x" + digest, standard, kind, field, level, grade, Decimal(credits), system, awarded
    )


WFED = outcome("1X-WFED", grade="intermediate")
WFED_PRIMARY = outcome("1X-WFED", grade="primary", salt="p")
BDAD = outcome("1X-BDAD", grade="primary", level=4)
SERVICE = outcome("MIL-SERVICE", "military_service", field="general-studies", level=3)
PYTHON = outcome("CRS-PYTHON", "academic_course", credits="4", system="CN-college")
AWARD = outcome("AWD-NVCSC-CLOUD", "competition_award", grade="first-prize", level=5)
WORK = outcome("WEX-LOGISTICS-12M", "work_experience", field="logistics", level=3)


def status(decision, rule: str) -> str:  # type: ignore[no-untyped-def]
    return next(r.status for r in decision.results if r.rule == rule)


def test_each_kind_of_rule_with_its_explanation() -> None:
    decision = decide(PROGRAMME, RULES, [WFED, BDAD, SERVICE, PYTHON, WFED_PRIMARY, AWARD], TODAY)
    courses = {g.target for g in decision.grants if g.kind == "course"}
    assert courses == {"WEB-FRONTEND", "BIGDATA-APP", "MIL-TRAINING", "PROG-FOUNDATIONS"}
    assert status(decision, "enterprise-practice") == "not-applicable"
    # the first prize gives 10 elective credits
    elective = [g for g in decision.grants if g.target == "elective"]
    assert [g.credits for g in elective] == [Decimal(10)]
    # Python served the two-outcome rule first: each outcome serves one rule
    assert status(decision, "college-credits") == "not-applicable"
    assert decision.total == Decimal(6 + 6 + 2 + 4 + 10)
    assert len(decision.sources) == 6


def test_a_grade_too_low_or_an_old_certificate_is_not_applicable_with_the_reason() -> None:
    old = outcome("1X-WFED", grade="advanced", awarded=date(2019, 1, 1))
    decision = decide(PROGRAMME, RULES, [WFED_PRIMARY, old], TODAY)
    web = next(r for r in decision.results if r.rule == "wfed-exempts-web")
    assert web.status == "not-applicable"
    assert "below intermediate" in web.reason or "years ago" in web.reason


def test_the_programme_ceiling_caps_the_total() -> None:
    many = [
        outcome("WEX-LOGISTICS-12M", "work_experience", field="logistics", salt=str(i))
        for i in range(5)
    ]
    awards = [
        outcome("AWD-NVCSC-CLOUD", "competition_award", grade="first-prize", salt=str(i))
        for i in range(3)
    ]
    decision = decide(PROGRAMME, RULES, [WFED, BDAD, SERVICE, *many, *awards], TODAY)
    # 14 exempted, 12 electives (pool cap), then practical credits up to the 36 ceiling
    assert decision.total == decision.ceiling == Decimal(36)
    practical = sum(g.credits for g in decision.grants if g.target == "practical")
    assert practical == Decimal(10)
    assert status(decision, "skills-competition") == "capped"
    assert status(decision, "enterprise-practice") == "capped"


def test_an_officer_may_lower_or_drop_but_never_raise() -> None:
    decision = decide(PROGRAMME, RULES, [WFED, AWARD], TODAY)
    web, award = decision.grants
    lowered = adjust(decision, {award.id: Decimal(5)}, "award older than the syllabus")
    assert lowered.total == Decimal(5) and lowered.adjustments
    with pytest.raises(OfficerOverreachError):
        adjust(decision, {award.id: Decimal(11)}, "more")
    with pytest.raises(OfficerOverreachError):
        adjust(decision, {"invented/CLOUD-OPS/9": Decimal(4)}, "more")
    assert adjust(decision, {web.id: web.credits}, "as proposed").total == web.credits


OUTCOMES = st.lists(
    st.builds(
        outcome,
        st.sampled_from(["1X-WFED", "1X-BDAD", "CRS-PYTHON", "MIL-SERVICE", "AWD-NVCSC-CLOUD",
                         "WEX-LOGISTICS-12M", "TRN-PLC-LINE", "1X-IFA"]),
        st.sampled_from(["skill_certificate", "academic_course", "military_service",
                         "competition_award", "work_experience", "training"]),
        grade=st.sampled_from([None, "primary", "intermediate", "advanced", "first-prize",
                               "second-prize", "third-prize"]),
        level=st.integers(1, 8),
        credits=st.sampled_from(["0", "1.5", "4", "12"]),
        system=st.sampled_from(["CB", "CN-college", "ECTS"]),
        awarded=st.dates(date(2015, 1, 1), date(2026, 11, 1)),
        salt=st.text(max_size=3),
    ),
    max_size=14,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(outcomes=OUTCOMES, seed=st.randoms(use_true_random=False))
def test_decisions_are_deterministic_order_independent_and_within_caps(
    outcomes: list[Outcome], seed: object
) -> None:
    first = decide(PROGRAMME, RULES, outcomes, TODAY)
    shuffled = list(outcomes)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    again = decide(PROGRAMME, RULES, shuffled, TODAY)
    assert again == first and again.digest() == first.digest()
    assert first.total <= first.ceiling
    courses = [g.target for g in first.grants if g.kind == "course"]
    assert len(courses) == len(set(courses))  # each course exempted once
    for grant in first.grants:
        if grant.kind == "course":
            assert grant.credits == PROGRAMME.course(grant.target).credits
    for bucket in RULES.buckets:
        assert sum(g.credits for g in first.grants if g.target == bucket.id) <= bucket.max_credits
    used = [s for g in first.grants for s in g.sources]
    by_rule: dict[str, set[str]] = {}
    for grant in first.grants:
        by_rule.setdefault(grant.rule, set()).update(grant.sources)
    owners = [rule for rule, sources in by_rule.items() for _ in sources]
    assert len(owners) == len(set(used))  # one rule per outcome
    assert {r.rule for r in first.results} == {r.id for r in RULES.rules}
