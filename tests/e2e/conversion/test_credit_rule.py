"""The employer's report applies the one rule for credits (issue 18).

The demo learner's four certified outcomes (26 CB) and the conversion the college made of them
(24 CB of Software Technology) are presented together with a foreign credential: the report
shows 26 certified credits, the 24 apart under their programme with their sources, a generic
credential (anchored by an accredited issuer, claiming no credits) and the foreign one listed
with no credits. It never shows 50.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from node.credentials import (
    Award,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    SigningKey,
    build_credential,
    build_presentation,
    issue_credential,
    sign_presentation,
)
from node.credentials.packages import build_package
from node.credentials.signing import sign_credential_now
from node.ledger import Ledger
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.integration.verification.anchoring import accredit, award, outcome
from wallet import CredentialChecker, Wallet, WalletStore, parse_offer
from wallet.conversion import apply_for_conversion

PROGRAMME = "demo-college:programme/software-technology"
DEMO_OUTCOMES = (
    ("1X-WFED", "intermediate"),
    ("1X-BDAD", "primary"),
    ("MIL-SERVICE", None),
    ("AWD-NVCSC-CLOUD", "first-prize"),
)


async def _foreign(learner_did: str) -> dict[str, Any]:
    """A genuinely signed credential from an issuer this bank never accredited, never anchored."""
    key = await SigningKey.create()
    outcome = OutcomeStandardRef(
        code="1X-WFED",
        name="Web Front-End Development (elsewhere)",
        description="Certified by a body outside this credit bank.",
        criteria="Their own examination.",
        outcome_type="skill_certificate",  # type: ignore[arg-type]
        skill_grade="intermediate",
        field_of_study=FieldOfStudy(code="information-technology", name="Information technology"),
        level=4,
        credits_available=Decimal(6),
        credit_system="CB",
        standard_uri="https://elsewhere.example/catalog#1X-WFED",
        framework_level_uri="https://elsewhere.example/framework#level-4",
    )
    award = Award(learner_did=learner_did, credits_earned=Decimal(6), issued_on=datetime.now(UTC))
    return await issue_credential(outcome, award, IssuerProfile(did=key.did, name="Elsewhere"), key)


async def _generic_credential(ledger: Ledger, learner_did: str) -> tuple[dict[str, Any], Any]:
    """Signed by an issuer accredited here and anchored, but claiming no credits at all."""
    issuer = await accredit(ledger, await SigningKey.create())
    unsigned = build_credential(outcome(), award(learner_did), issuer.profile)
    subject = unsigned["credentialSubject"]
    del subject["creditsEarned"]
    for term in ("creditSystem", "creditsAvailable"):
        del subject["achievement"][term]
    vc = sign_credential_now(unsigned, issuer.key)
    _root, [receipt] = await ledger.anchor_credentials(issuer.account, [vc], issuer.scope)
    return vc, receipt


async def _package(
    http: httpx.AsyncClient,
    verifier_url: str,
    wallet: Wallet,
    ids: list[str],
    extra: list[tuple[dict[str, Any], Any]],
) -> dict[str, Any]:
    """The wallet's credentials and ones it could never keep, bound to a challenge."""
    asked = (await http.post(f"{verifier_url}/challenges")).json()
    held = [wallet.get(i) for i in ids]
    vp = build_presentation([*(h.credential for h in held), *(e[0] for e in extra)], wallet.did)
    signed = await sign_presentation(
        vp, wallet.key, challenge=asked["challenge"], domain=asked["domain"]
    )
    receipts = [*(h.receipt for h in held), *(e[1] for e in extra)]
    return build_package(signed, receipts, asked["challenge"], asked["domain"])


async def test_certified_totals_and_the_conversion_apart_foreign_listed(
    published: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
    verifier_url: str,
    ledger: Ledger,
) -> None:
    wallet = await Wallet.create(store, "credit-rule", PASSPHRASE)
    ids = []
    for standard, grade in DEMO_OUTCOMES:
        extra = {"grade": grade} if grade else {}
        offer = await issue_offer(http, running_issuer, wallet.did, standard, **extra)
        received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
        assert [c.label for c in received.kept] == ["valid"], received
        ids.append(offer["issued"]["credential_id"])
    application = await apply_for_conversion(wallet, http, running_issuer.url, PROGRAMME, ids)
    decided = await http.post(
        f"{running_issuer.url}/conversions/{application['id']}/decision",
        json={"decision": "approve", "reason": "as proposed"},
        headers=auth(running_issuer.admin_key),
    )
    assert decided.status_code == 200, decided.text
    assert Decimal(decided.json()["decision"]["total"]) == 24
    flushed = await http.post(
        f"{running_issuer.url}/anchoring/flush", headers=auth(running_issuer.admin_key)
    )
    assert flushed.status_code == 200
    offer_link = decided.json()["offer"]["link"]
    received = await wallet.receive(parse_offer(offer_link), checker, http)
    assert [c.label for c in received.kept] == ["valid"], received
    conversion_id = decided.json()["credential_id"]
    extra = [await _generic_credential(ledger, wallet.did), (await _foreign(wallet.did), None)]

    package = await _package(http, verifier_url, wallet, [*ids, conversion_id], extra)
    answer = await http.post(f"{verifier_url}/packages/verify", json=package)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    # The foreign credential makes the presentation invalid; the credits are still told apart.
    assert [c["valid"] for c in report["credentials"]] == [True] * 6 + [False]
    assert report["verdict"] == "invalid"
    credits = report["credit_summary"]
    assert credits["by_credit_system"] == {"CB": "26"}
    assert credits["credentials_counted"] == 4 and credits["credentials_excluded"] == 3
    assert credits["by_field"] == {
        "general-studies": {"CB": "6"},
        "information-technology": {"CB": "20"},
    }
    assert credits["by_programme"] == {PROGRAMME: {"credits": "24", "credit_system": "CB"}}
    assert credits["classes"] == {"certified": 4, "converted": 1, "generic": 1, "foreign": 1}
    assert credits["flagged"] == []
    [conversion] = credits["conversions"]
    assert conversion["counted"] and conversion["credits"] == "24"
    assert sorted(s["credential_id"] for s in conversion["sources"]) == sorted(ids)
    lines = credits["credentials"]
    assert [line["class"] for line in lines] == ["certified"] * 4 + [
        "converted",
        "generic",
        "foreign",
    ]
    assert [line["credits"] for line in lines[:4]] == ["6", "4", "6", "10"]
    assert all("evcc:outcome-catalog v1 gives" in line["note"] for line in lines[:4]), lines
    generic, foreign = lines[5], lines[6]
    assert not generic["counted"] and generic["credits"] is None
    assert generic["note"] == "claims no credits against a catalog standard"
    assert not foreign["counted"] and "receipt did not pass" in foreign["note"]
    for entry in report["credentials"][:4]:
        assert entry["catalog"]["state"] == "agrees", entry["catalog"]

    # The employer's page says the same: 26 certified, 24 apart, never 50.
    again = await _package(http, verifier_url, wallet, [*ids, conversion_id], extra)
    page = await http.post(f"{verifier_url}/", data={"package": json.dumps(again)})
    assert page.status_code == 200
    text = html.unescape(page.text)
    totals = text[text.index('id="totals"') : text.index("</table>", text.index('id="totals"'))]
    assert "<td>CB</td><td>26</td>" in totals and "50" not in totals
    conversions = text[text.index('id="conversions"') :]
    assert PROGRAMME in conversions and "24 CB" in conversions
    assert "Foreign or not anchored here (no credits)" in text
    assert "Generic credentials (no credits)" in text
