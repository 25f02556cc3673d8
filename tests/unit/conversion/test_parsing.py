"""Rule sets that do not parse or contradict their programme are refused with the line at fault."""

from __future__ import annotations

import pytest

from node.conversion import RuleSetInvalidError, load_demo_programme, parse_rule_set
from node.conversion.demo import demo_rule_set_text

PROGRAMME = load_demo_programme()
TEXT = demo_rule_set_text()


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def refusal(text: str) -> str:
    with pytest.raises(RuleSetInvalidError) as caught:
        parse_rule_set(text, PROGRAMME)
    assert caught.value.code == "RULE_SET_INVALID"
    return caught.value.detail


def test_the_demo_rule_set_parses() -> None:
    assert [r.id for r in parse_rule_set(TEXT, PROGRAMME).rules][0] == "wfed-exempts-web"


def test_an_unknown_course_is_refused_on_its_line() -> None:
    bad = TEXT.replace("courses: [BIGDATA-APP]", "courses: [BIGDATA-APPS]")
    assert f"line {line_of(bad, 'BIGDATA-APPS')}:" in refusal(bad)
    assert "BIGDATA-APPS" in refusal(bad)


def test_a_wrong_value_is_refused_on_its_line() -> None:
    bad = TEXT.replace("ratio: 0.75", "ratio: -1")
    assert f"line {line_of(bad, 'ratio: -1')}:" in refusal(bad)


def test_contradictions_are_refused() -> None:
    pool = TEXT.replace("to: practical", "to: practicals")
    assert "practicals" in refusal(pool)
    duplicate = TEXT.replace("id: bdad-exempts-bigdata", "id: wfed-exempts-web")
    assert "duplicate rule" in refusal(duplicate)
    grades = TEXT.replace("min_grade: intermediate", "min_grade: expert")
    assert f"line {line_of(grades, 'min_grade: expert')}:" in refusal(grades)
    over = TEXT.replace("max_credits: 12}", "max_credits: 50}")
    assert "above the programme ceiling" in refusal(over)


def test_text_that_is_not_yaml_is_refused_with_its_line() -> None:
    assert "line 3" in refusal("id: x\nversion: 1\n  - : [\n")
    assert "not a mapping" in refusal("- just\n- a list\n")
