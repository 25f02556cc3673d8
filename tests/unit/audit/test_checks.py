"""The audit's pure checks: the rules re-run on the evidence, and double exemptions."""

from __future__ import annotations

from node.audit.checks import check_entry, double_exemptions
from tests.unit.audit.helpers import PROGRAMME, RULES, credential, entry, record

WFED = credential("1X-WFED", "intermediate")
BDAD = credential("1X-BDAD", "primary")


def test_a_conversion_as_the_rules_decided_passes() -> None:
    item = entry([WFED, BDAD])
    assert check_entry(record(item), item, PROGRAMME, RULES) == []


def test_a_lowered_decision_passes() -> None:
    item = entry([WFED, BDAD])
    kept = [dict(item.decision["grants"][0], credits="4.00")]
    lowered = entry([WFED, BDAD], grants=kept)
    assert check_entry(record(lowered), lowered, PROGRAMME, RULES) == []


def test_more_credits_than_the_rules_allow_is_found_with_the_officer() -> None:
    item = entry([WFED, BDAD])
    raised = [dict(g, credits="9.00") for g in item.decision["grants"]]
    inflated = entry([WFED, BDAD], grants=raised, officer="officer-wang")
    found = check_entry(record(inflated), inflated, PROGRAMME, RULES)
    assert {f.code for f in found} == {"OVER_RULES"}
    assert all(f.officer == "officer-wang" for f in found)
    assert any("at most 12.00" in f.detail for f in found), found


def test_a_grant_the_rules_do_not_make_is_found() -> None:
    item = entry([WFED])
    extra = {**item.decision["grants"][0], "id": "made-up/MIL-TRAINING/9", "target": "MIL-TRAINING"}
    forged = entry([WFED], grants=[*item.decision["grants"], extra])
    codes = [f.code for f in check_entry(record(forged), forged, PROGRAMME, RULES)]
    assert codes.count("OVER_RULES") == 2  # the grant, and the total over the rules


def test_chain_credits_other_than_the_decision_are_found() -> None:
    item = entry([WFED, BDAD])
    found = check_entry(record(item, credits=1100), item, PROGRAMME, RULES)
    assert [f.code for f in found] == ["CREDITS_MISMATCH"]


def test_a_source_not_in_the_presentation_is_found() -> None:
    item = entry([WFED, BDAD])
    onchain = record(item)
    shown = entry([WFED], grants=item.decision["grants"][:1])
    found = check_entry(onchain, shown, PROGRAMME, RULES)
    assert "SOURCES_MISMATCH" in {f.code for f in found}


def test_a_course_exempted_twice_for_one_learner_is_found_on_the_later_conversion() -> None:
    first = entry([WFED], n=1, officer="officer-li")
    again = entry([credential("1X-WFED", "advanced", n=2)], n=2, officer="officer-wang")
    other = entry([BDAD], n=3)
    found = double_exemptions([first, again, other])
    assert [(f.code, f.conversion_id, f.officer) for f in found] == [
        ("COURSE_EXEMPTED_TWICE", again.conversion_id, "officer-wang")
    ]
    assert "WEB-FRONTEND" in found[0].detail and first.conversion_id in found[0].detail
