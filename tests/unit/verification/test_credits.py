"""The one rule for credits: certified, converted, generic and foreign, every number checked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from node.conversion.credential import ConversionClaim
from node.documents import load_demo_catalog
from node.verification import (
    CREDENTIAL_CHECKS,
    CatalogVerdict,
    CreditInput,
    classify,
    credit_statement,
    judge,
)

PASSED = dict.fromkeys(CREDENTIAL_CHECKS, "passed")
AGREES = CatalogVerdict("agrees", "the catalog agrees", Decimal(6), "evcc:outcome-catalog v1")


def _facts(
    code: str, credits: float, level: int, kind: str = "skill_certificate"
) -> dict[str, Any]:
    return {
        "standard_code": code,
        "name": code,
        "field": "information-technology",
        "level": level,
        "outcome_type": kind,
        "credit_system": "CB",
        "credits_earned": credits,
        "credits_available": credits,
    }


def _certified(n: int, code: str, credits: float, level: int, kind: str) -> CreditInput:
    return CreditInput(f"urn:c{n}", f"0x{n:064x}", PASSED, _facts(code, credits, level, kind),
                       catalog=AGREES)  # fmt: skip


def _demo_sources() -> list[CreditInput]:
    """The demo learner's 26 CB: web 6, big data 4, military 6, competition 10."""
    return [
        _certified(1, "1X-WFED", 6, 4, "skill_certificate"),
        _certified(2, "1X-BDAD", 4, 4, "skill_certificate"),
        _certified(3, "MIL-SERVICE", 6, 3, "military_service"),
        _certified(4, "AWD-NVCSC-CLOUD", 10, 5, "competition_award"),
    ]


def _conversion(sources: list[str]) -> CreditInput:
    claim = ConversionClaim(
        "0x" + "c" * 64, "demo-college:programme/software-technology", "rules v1",
        "0x" + "d" * 64, tuple(sources), Decimal(24),
    )  # fmt: skip
    facts = _facts("CONVERSION-software-technology", 24, 5, "academic_course")
    return CreditInput("urn:conv", "0x" + "e" * 64, PASSED, facts, claim=claim)


def test_sources_and_their_conversion_are_never_added_together() -> None:
    sources = _demo_sources()
    generic = CreditInput("urn:generic", "0x" + "a1" * 32, PASSED, {"name": "A badge"})
    foreign = CreditInput(
        "urn:foreign",
        "0x" + "f" * 64,
        PASSED | {"receipt": "failed", "issuer-binding": "could-not-check",
                  "accreditation": "could-not-check"},
        _facts("1X-WFED", 6, 4),
    )  # fmt: skip
    statement = credit_statement(
        [*sources, _conversion([s.credential_hash or "" for s in sources]), generic, foreign]
    )
    assert statement["by_credit_system"] == {"CB": "26"}
    assert statement["credentials_counted"] == 4 and statement["credentials_excluded"] == 3
    assert statement["by_field"] == {"information-technology": {"CB": "26"}}
    assert statement["by_level"] == {"3": {"CB": "6"}, "4": {"CB": "10"}, "5": {"CB": "10"}}
    assert statement["by_outcome_type"] == {
        "competition_award": {"CB": "10"},
        "military_service": {"CB": "6"},
        "skill_certificate": {"CB": "10"},
    }
    assert statement["by_programme"] == {
        "demo-college:programme/software-technology": {"credits": "24", "credit_system": "CB"}
    }
    [conversion] = statement["conversions"]
    assert conversion["counted"] and conversion["credits"] == "24"
    assert [s["credential_id"] for s in conversion["sources"]] == ["urn:c1", "urn:c2", "urn:c3",
                                                                    "urn:c4"]  # fmt: skip
    assert all(s["presented"] for s in conversion["sources"])
    assert statement["classes"] == {"certified": 4, "converted": 1, "generic": 1, "foreign": 1}
    lines = {line["credential_id"]: line for line in statement["credentials"]}
    assert lines["urn:generic"]["class"] == "generic" and not lines["urn:generic"]["counted"]
    assert lines["urn:foreign"]["class"] == "foreign" and not lines["urn:foreign"]["counted"]
    assert "receipt did not pass" in lines["urn:foreign"]["note"]
    assert statement["flagged"] == []


def test_a_conversion_whose_sources_were_not_presented_names_them_by_hash() -> None:
    statement = credit_statement([_conversion(["0x" + "9" * 64])])
    assert statement["by_credit_system"] == {}
    [source] = statement["conversions"][0]["sources"]
    assert source == {"credential_hash": "0x" + "9" * 64, "presented": False,
                      "credential_id": None, "name": None}  # fmt: skip


def test_catalog_disagreement_is_flagged_and_not_counted() -> None:
    good, bad = _demo_sources()[:2]
    disagrees = CatalogVerdict("disagrees", "creditsEarned 9 exceeds the catalog's 4")
    bad = CreditInput(bad.credential_id, bad.credential_hash, bad.checks, bad.facts,
                      catalog=disagrees)  # fmt: skip
    unread = CatalogVerdict("unknown", "catalog could not be read")
    unknown = CreditInput("urn:u", "0x" + "5" * 64, PASSED, _facts("1X-WFED", 6, 4),
                          catalog=unread)  # fmt: skip
    statement = credit_statement([good, bad, unknown])
    assert statement["by_credit_system"] == {"CB": "6"}
    assert [f["credential_id"] for f in statement["flagged"]] == ["urn:c2", "urn:u"]
    assert "exceeds" in statement["flagged"][0]["note"]
    assert all(f["class"] == "certified" and not f["counted"] for f in statement["flagged"])


def test_invalid_credentials_keep_their_class_but_count_nothing() -> None:
    revoked = CreditInput("urn:r", "0x" + "7" * 64, PASSED | {"status": "failed"},
                          _facts("1X-WFED", 6, 4), catalog=AGREES)  # fmt: skip
    line = classify(revoked)
    assert line.credit_class == "certified" and not line.counted
    assert line.note == "not counted: status did not pass"
    flagged_conversion = _conversion([])
    flagged_conversion = CreditInput(
        "urn:conv", "0x" + "e" * 64, PASSED | {"conversion": "failed"},
        flagged_conversion.facts, claim=flagged_conversion.claim,
    )  # fmt: skip
    statement = credit_statement([flagged_conversion])
    assert statement["by_programme"] == {} and not statement["conversions"][0]["counted"]


def test_unchecked_catalog_counts_what_the_credential_says_and_says_so() -> None:
    line = classify(CreditInput("urn:x", "0x" + "1" * 64, PASSED, _facts("1X-WFED", 6, 4)))
    assert line.counted and line.credits == Decimal(6)
    assert line.note.startswith("catalog not checked here")


def test_nothing_checked_is_foreign() -> None:
    line = classify(CreditInput("urn:x", None, {}, _facts("1X-WFED", 6, 4)))
    assert line.credit_class == "foreign" and not line.counted


def test_judge_against_the_demo_catalog() -> None:
    catalog = load_demo_catalog()
    facts = _facts("1X-WFED", 6, 4) | {"skill_grade": "intermediate"}
    verdict = judge(facts, catalog)
    assert verdict.state == "agrees" and verdict.credits == Decimal(6), verdict
    partial = judge(facts | {"credits_earned": 5}, catalog)
    assert partial.state == "agrees"
    inflated = judge(facts | {"credits_earned": 8, "credits_available": 8}, catalog)
    assert inflated.state == "disagrees"
    assert "creditsEarned 8 exceeds the catalog's 6.00" in inflated.reason
    assert "creditsAvailable 8 is not the catalog's 6.00" in inflated.reason
    wrong_level = judge(facts | {"level": 5}, catalog)
    assert wrong_level.state == "disagrees" and "level 5" in wrong_level.reason
    assert judge(facts | {"skill_grade": "master"}, catalog).state == "disagrees"
    assert judge(facts | {"standard_code": "NOPE"}, catalog).state == "disagrees"
    assert judge({"credit_system": "CB"}, catalog).state == "disagrees"
