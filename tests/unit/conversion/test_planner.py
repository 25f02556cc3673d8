"""The planner on the demo college's programme and the demo catalog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from node.conversion import load_demo_programme, load_demo_rule_set
from node.conversion.planner import plan
from node.documents import load_demo_catalog
from tests.unit.conversion.test_engine import BDAD, WFED

PROGRAMME = load_demo_programme()
RULES = load_demo_rule_set()
CATALOG = load_demo_catalog()
TODAY = date(2026, 11, 24)


def test_a_web_certificate_covers_one_course_and_the_catalog_covers_more() -> None:
    answer = plan(PROGRAMME, RULES, [WFED], [CATALOG], TODAY).to_json()
    assert answer["covered"] == {"WEB-FRONTEND": "wfed-exempts-web"}
    assert answer["converted_credits"] == "6.00"
    assert Decimal(answer["credits_to_study"]) == PROGRAMME.total_credits - 6
    bigdata = answer["remaining"]["BIGDATA-APP"]
    assert [(s["standard"], s["grade"]) for s in bigdata] == [("1X-BDAD", "primary")]
    assert [s["standard"] for s in answer["remaining"]["MIL-TRAINING"]] == ["MIL-SERVICE"]
    assert answer["remaining"]["ENGLISH"] == []  # no rule exempts it: study it
    assert "WEB-FRONTEND" not in answer["remaining"]
    elective = answer["pools"]["elective"]
    assert elective["filled"] == "0" and elective["max"] == "12.00"
    assert {s["standard"] for s in elective["options"]} >= {"AWD-NVCSC-CLOUD", "CRS-PYTHON"}
    practical = {s["standard"] for s in answer["pools"]["practical"]["options"]}
    assert {"WEX-LOGISTICS-12M", "TRN-PLC-LINE", "TRN-HOTEL-FRONT"} <= practical


def test_more_outcomes_leave_less_to_study() -> None:
    one = plan(PROGRAMME, RULES, [WFED], [CATALOG], TODAY)
    two = plan(PROGRAMME, RULES, [WFED, BDAD], [CATALOG], TODAY)
    assert two.credits_to_study == one.credits_to_study - 6
    assert "BIGDATA-APP" in two.covered and "BIGDATA-APP" not in two.remaining
