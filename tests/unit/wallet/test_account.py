from decimal import Decimal

from tests.unit.wallet.factories import DID, held
from wallet import HeldCredential, build_account


def test_totals_sum_only_valid_credentials_along_each_classification() -> None:
    credentials = [
        held("a", credits=4.5, level=3),
        held("b", credits=6, field="logistics", system="ECTS", outcome="training"),
        held("c", credits=2.25, level=3),
        held("d", credits=8, status="revoked", valid=False),
        held("e", credits=3, status="suspended", valid=False),
        HeldCredential(id="f", credential=held("f", credits=5).credential, receipt=None),
    ]
    account = build_account(DID, credentials)
    data = account.to_json()
    assert data["total_credits"] == "12.75"
    assert data["by_field"] == {"information-technology": "6.75", "logistics": "6"}
    assert data["by_level"] == {"3": "6.75", "4": "6"}
    assert data["by_credit_system"] == {"CB": "6.75", "ECTS": "6"}
    assert data["by_outcome_type"] == {"skill_certificate": "6.75", "training": "6"}
    statuses = {line["id"]: line["status"] for line in data["credentials"]}
    assert statuses == {
        "a": "valid",
        "b": "valid",
        "c": "valid",
        "d": "revoked",
        "e": "suspended",
        "f": "pending",
    }
    valid = [line for line in account.credentials if line.status == "valid"]
    assert sum(line.credits for line in valid) == account.total
    for totals in (account.by_field, account.by_level, account.by_credit_system):
        assert sum(totals.values()) == account.total


def test_odd_credits_and_bare_achievements_are_generic_and_count_nothing() -> None:
    odd = held("x", credits=1)
    odd.credential["credentialSubject"]["creditsEarned"] = "NaN"
    bare = held("y", credits=2)
    bare.credential["credentialSubject"]["achievement"] = {"name": "Bare"}
    account = build_account(DID, [odd, bare])
    assert account.total == Decimal(0) and account.by_field == {}
    assert [(c.credit_class, c.counted) for c in account.credentials] == [
        ("generic", False),
        ("generic", False),
    ]


def test_conversions_go_to_their_programme_and_pending_ones_are_not_anchored() -> None:
    source = held("a", credits=6)
    conversion = held("conv", credits=24)
    conversion.credential["credentialSubject"].update(
        {
            "conversionId": "0x" + "c" * 64,
            "conversionProgramme": "college:programme/x",
            "conversionRuleSet": "rules v1",
            "ruleSetDigest": "0x" + "d" * 64,
            "sourceCredentials": ["0x" + "a" * 64],
        }
    )
    pending = HeldCredential(id="p", credential=held("p", credits=5).credential, receipt=None)
    account = build_account(DID, [source, conversion, pending])
    data = account.to_json()
    assert data["total_credits"] == "6" and data["by_credit_system"] == {"CB": "6"}
    assert data["by_programme"] == {"college:programme/x": "24"}
    classes = {line["id"]: (line["class"], line["counted"]) for line in data["credentials"]}
    assert classes == {
        "a": ("certified", True),
        "conv": ("converted", True),
        "p": ("foreign", False),
    }


def test_a_catalog_verdict_kept_from_the_last_check_decides_certified_credits() -> None:
    agreed = held("a", credits=6)
    agreed.catalog = {"state": "agrees", "reason": "cat v1 gives 6 CB for A", "credits": "6",
                      "catalog": "cat v1"}  # fmt: skip
    inflated = held("b", credits=9)
    inflated.catalog = {"state": "disagrees", "reason": "creditsEarned 9 exceeds the catalog's 6",
                        "credits": "6", "catalog": "cat v1"}  # fmt: skip
    unread = held("c", credits=4)
    unread.catalog = {"state": "unknown", "reason": "catalog x could not be read"}
    never = held("d", credits=2)  # checked where no catalog source was configured
    account = build_account(DID, [agreed, inflated, unread, never])
    assert account.total == Decimal(8)
    notes = {line.id: (line.counted, line.note) for line in account.credentials}
    assert notes["a"] == (True, "cat v1 gives 6 CB for A")
    assert notes["b"] == (False, "flagged: creditsEarned 9 exceeds the catalog's 6")
    assert notes["c"] == (False, "flagged: catalog x could not be read")
    assert notes["d"][0] and notes["d"][1].startswith("catalog not checked here")
