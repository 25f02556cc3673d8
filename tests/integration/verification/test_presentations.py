"""The engine on presentations: holder, challenge, domain, receipts in order, credit totals."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

from node.credentials import SigningKey, build_presentation, sign_presentation
from node.ledger import Ledger
from node.verification import PRESENTATION_CHECKS, CheckStatus, PresentationReport, Verifier
from tests.integration.verification.anchoring import OwnIssuer, sign

DOMAIN = "https://employer.example"


def one_time(*issued: str) -> Callable[[str], Awaitable[bool]]:
    """A challenge registry: each issued challenge is accepted once."""
    unused = set(issued)

    async def valid(challenge: str) -> bool:
        if challenge in unused:
            unused.remove(challenge)
            return True
        return False

    return valid


def status_of(report: PresentationReport, name: str) -> CheckStatus:
    check = report.check(name)
    assert check is not None
    return check.status


async def credentials(
    ledger: Ledger, issuer: OwnIssuer, learner: SigningKey, count: int = 3
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fields = ["information-technology", "nursing-health", "information-technology"]
    vcs = [
        await sign(issuer, learner.did, field=fields[i % 3], level=3 + i % 2, credits=f"{i + 1}.5")
        for i in range(count)
    ]
    _, receipts = await ledger.anchor_credentials(issuer.account, vcs, issuer.scope)
    return vcs, receipts


async def present(
    learner: SigningKey, vcs: list[dict[str, Any]], challenge: str, domain: str = DOMAIN
) -> dict[str, Any]:
    return await sign_presentation(
        build_presentation(vcs, learner.did), learner, challenge=challenge, domain=domain
    )


async def test_a_presentation_of_anchored_credentials_is_valid_once(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner)
    vp = await present(learner, vcs, "c-1")
    registry = one_time("c-1")
    report = await verifier.verify_presentation(
        vp, receipts, challenge="c-1", domain=DOMAIN, challenge_valid=registry
    )
    assert [c.name for c in report.checks] == list(PRESENTATION_CHECKS)
    assert report.verdict == "valid", report.to_json()
    assert report.holder == learner.did and len(report.credentials) == 3
    summary = report.credit_summary
    assert summary["classes"] == {"certified": 3, "converted": 0, "generic": 0, "foreign": 0}
    assert {k: v for k, v in summary.items() if k.startswith(("by_", "credentials_"))} == {
        "by_programme": {},
        "credentials_counted": 3,
        "credentials_excluded": 0,
        "by_credit_system": {"CB": "7.5"},
        "by_field": {
            "information-technology": {"CB": "5"},
            "nursing-health": {"CB": "2.5"},
        },
        "by_level": {"3": {"CB": "5"}, "4": {"CB": "2.5"}},
        "by_outcome_type": {"skill_certificate": {"CB": "7.5"}},
    }
    replay = await verifier.verify_presentation(
        vp, receipts, challenge="c-1", domain=DOMAIN, challenge_valid=registry
    )
    assert replay.verdict == "invalid"
    assert status_of(replay, "challenge") is CheckStatus.FAILED
    assert "already used" in (replay.check("challenge") or replay.checks[0]).reason
    assert all(r.valid for r in replay.credentials)


async def test_a_foreign_domain_or_another_challenge_is_refused(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 1)
    foreign = await present(learner, vcs, "c-2", domain="https://elsewhere.example")
    report = await verifier.verify_presentation(
        foreign, receipts, challenge="c-2", domain=DOMAIN, challenge_valid=one_time("c-2")
    )
    assert report.verdict == "invalid"
    assert status_of(report, "domain") is CheckStatus.FAILED
    assert "elsewhere.example" in (report.check("domain") or report.checks[0]).reason
    assert status_of(report, "signature") is CheckStatus.FAILED

    other = await present(learner, vcs, "c-old")
    report = await verifier.verify_presentation(
        other, receipts, challenge="c-3", domain=DOMAIN, challenge_valid=one_time("c-3")
    )
    assert status_of(report, "challenge") is CheckStatus.FAILED
    assert status_of(report, "signature") is CheckStatus.FAILED


async def test_without_a_challenge_registry_the_challenge_could_not_be_checked(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 1)
    vp = await present(learner, vcs, "c-4")
    report = await verifier.verify_presentation(vp, receipts, challenge="c-4", domain=DOMAIN)
    assert status_of(report, "challenge") is CheckStatus.COULD_NOT_CHECK
    assert report.verdict == "invalid"


async def test_a_presentation_signed_by_someone_else_fails_holder_binding(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 2)
    thief = await SigningKey.create()
    stolen = await present(thief, vcs, "c-5")
    report = await verifier.verify_presentation(
        stolen, receipts, challenge="c-5", domain=DOMAIN, challenge_valid=one_time("c-5")
    )
    assert report.verdict == "invalid"
    assert status_of(report, "holder-binding") is CheckStatus.FAILED
    assert status_of(report, "signature") is CheckStatus.PASSED  # the thief's own proof holds

    claimed = copy.deepcopy(stolen)
    claimed["holder"] = learner.did  # claims to be the learner, signed by the thief
    report = await verifier.verify_presentation(
        claimed, receipts, challenge="c-5", domain=DOMAIN, challenge_valid=one_time("c-5")
    )
    assert status_of(report, "holder-binding") is CheckStatus.FAILED
    assert status_of(report, "signature") is CheckStatus.FAILED


async def test_swapped_or_missing_receipts_fail_the_credentials(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 2)
    vp = await present(learner, vcs, "c-6")
    report = await verifier.verify_presentation(
        vp,
        list(reversed(receipts)),
        challenge="c-6",
        domain=DOMAIN,
        challenge_valid=one_time("c-6"),
    )
    assert report.verdict == "invalid"
    for credential in report.credentials:
        check = credential.check("receipt")
        assert check is not None and check.status is CheckStatus.FAILED
    assert report.credit_summary["credentials_counted"] == 0
    report = await verifier.verify_presentation(
        vp, receipts[:1], challenge="c-7", domain=DOMAIN, challenge_valid=one_time("c-7")
    )
    assert status_of(report, "structure") is CheckStatus.FAILED
    assert report.credentials[0].valid and not report.credentials[1].valid


async def test_a_tampered_credential_inside_a_signed_presentation_is_caught(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 1)
    inflated = copy.deepcopy(vcs)
    inflated[0]["credentialSubject"]["creditsEarned"] = 40
    vp = await present(learner, inflated, "c-8")  # the holder signs the altered credential
    report = await verifier.verify_presentation(
        vp, receipts, challenge="c-8", domain=DOMAIN, challenge_valid=one_time("c-8")
    )
    assert report.verdict == "invalid"
    check = report.credentials[0].check("signature")
    assert check is not None and check.status is CheckStatus.FAILED
    assert report.credit_summary["by_credit_system"] == {}
