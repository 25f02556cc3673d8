"""Facts from achievements, and credit totals that never mix credit systems."""

from __future__ import annotations

from node.verification import achievement_facts, credit_totals


def test_facts_take_only_well_typed_values() -> None:
    vc = {
        "credentialSubject": {
            "creditsEarned": True,
            "achievement": {
                "humanCode": "X-1",
                "fieldOfStudyCode": ["it"],
                "qualificationLevel": True,
                "creditsAvailable": float("nan"),
                "creditSystem": "CB",
            },
        }
    }
    assert achievement_facts(vc) == {"standard_code": "X-1", "credit_system": "CB"}
    for odd in (
        None,
        3,
        "x",
        [],
        {"credentialSubject": []},
        {"credentialSubject": {"achievement": 1}},
    ):
        assert achievement_facts(odd) == {}


def test_totals_by_system_field_level_and_type() -> None:
    facts = [
        {
            "credit_system": "CB",
            "credits_earned": 1.1,
            "field": "it",
            "level": 10,
            "outcome_type": "t",
        },
        {
            "credit_system": "CB",
            "credits_earned": 2.2,
            "field": "it",
            "level": 2,
            "outcome_type": "t",
        },
        {"credit_system": "ECTS", "credits_earned": 5, "field": "nh", "level": 2},
        {"credit_system": "CB"},
    ]
    totals = credit_totals(facts, excluded=1)
    assert totals["credentials_counted"] == 3 and totals["credentials_excluded"] == 2
    assert totals["by_credit_system"] == {"CB": "3.3", "ECTS": "5"}
    assert totals["by_field"] == {"it": {"CB": "3.3"}, "nh": {"ECTS": "5"}}
    assert list(totals["by_level"]) == ["2", "10"]
    assert totals["by_level"]["2"] == {"CB": "2.2", "ECTS": "5"}
    assert totals["by_outcome_type"] == {"t": {"CB": "3.3"}, "unknown": {"ECTS": "5"}}


def test_no_credentials_no_credits() -> None:
    assert credit_totals([])["by_credit_system"] == {}
