"""Credit conversion on a real chain: publish, apply, decide, record, verify; once and only once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from node.conversion.demo import demo_programme_text, demo_rule_set_text
from node.documents import load_demo_framework
from node.verification import Verifier
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import CredentialChecker, Wallet, WalletStore, open_registry, parse_offer
from wallet.settings import WalletSettings

PROGRAMME = "demo-college:programme/software-technology"


async def _challenge(http: httpx.AsyncClient, issuer: RunningIssuer) -> dict[str, str]:
    answer = await http.post(f"{issuer.url}/applications/challenge")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def _apply(
    http: httpx.AsyncClient, issuer: RunningIssuer, wallet: Wallet, ids: list[str]
) -> httpx.Response:
    asked = await _challenge(http, issuer)
    package = await wallet.present(ids, challenge=asked["challenge"], domain=asked["domain"])
    return await http.post(
        f"{issuer.url}/conversions", json={"programme_id": PROGRAMME, "package": package}
    )


async def _flush(http: httpx.AsyncClient, issuer: RunningIssuer) -> None:
    flushed = await http.post(f"{issuer.url}/anchoring/flush", headers=auth(issuer.admin_key))
    assert flushed.status_code == 200, flushed.text


async def test_apply_decide_record_and_verify_then_no_second_conversion(
    published: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
    wallet_settings: WalletSettings,
) -> None:
    assert published["rule_set_uri"].startswith("ipfs://")
    wallet = await Wallet.create(store, "converter", PASSPHRASE)
    ids = []
    for standard, grade in (
        ("1X-WFED", "intermediate"),
        ("1X-BDAD", "primary"),
        ("MIL-SERVICE", None),
        ("AWD-NVCSC-CLOUD", "first-prize"),
    ):
        extra = {"grade": grade} if grade else {}
        offer = await issue_offer(http, running_issuer, wallet.did, standard, **extra)
        received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
        assert [c.label for c in received.kept] == ["valid"], received
        ids.append(offer["issued"]["credential_id"])

    applied = await _apply(http, running_issuer, wallet, ids)
    assert applied.status_code == 201, applied.text
    application = applied.json()
    proposal = application["proposal"]
    assert Decimal(proposal["total"]) == Decimal(6 + 6 + 2 + 10)
    assert {g["target"] for g in proposal["grants"]} == {
        "WEB-FRONTEND", "BIGDATA-APP", "MIL-TRAINING", "elective",
    }  # fmt: skip
    explained = {r["rule"]: r["status"] for r in proposal["results"]}
    assert explained["enterprise-practice"] == "not-applicable"
    award = next(g for g in proposal["grants"] if g["target"] == "elective")

    officer = auth(running_issuer.admin_key)
    url = f"{running_issuer.url}/conversions/{application['id']}/decision"
    too_much = {g["id"]: g["credits"] for g in proposal["grants"]} | {award["id"]: "11"}
    refused = await http.post(
        url, json={"decision": "approve", "reason": "more", "keep": too_much}, headers=officer
    )
    assert refused.status_code == 422 and refused.json()["code"] == "CONVERSION_OVER_RULES"

    keep = {g["id"]: g["credits"] for g in proposal["grants"]} | {award["id"]: "8"}
    decided = await http.post(
        url,
        json={"decision": "approve", "reason": "award predates the syllabus", "keep": keep},
        headers=officer,
    )
    assert decided.status_code == 200, decided.text
    result = decided.json()
    assert result["status"] == "approved" and Decimal(result["decision"]["total"]) == 22
    conversion_id = result["conversion_id"]

    # On chain: the record, with the sources, the rule set digest and the credits.
    async with open_registry(wallet_settings) as registry:
        record = await registry.conversion(bytes.fromhex(conversion_id[2:]))  # type: ignore[arg-type]
        assert record.exists and record.credits == 2200 and not record.flagged
        assert "0x" + bytes(record.rule_set_digest).hex() == published["rule_set_digest"]
        assert len(record.sources) == 4

    # The learner receives the Credit Conversion Credential; the wallet verifies it.
    await _flush(http, running_issuer)
    received = await wallet.receive(parse_offer(result["offer"]["link"]), checker, http)
    assert [c.label for c in received.kept] == ["valid"], received
    conversion_vc = wallet.get(result["credential_id"]).credential
    assert conversion_vc["credentialSubject"]["conversionId"] == conversion_id

    # Converting the same credentials into the same programme again is refused by name.
    again = await _apply(http, running_issuer, wallet, ids[:1])
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "ALREADY_CONVERTED"
    assert conversion_id in again.json()["detail"]

    # A verifier sees the conversion record; revoking a source flags it.
    held = wallet.get(result["credential_id"])
    async with open_registry(wallet_settings) as registry:
        report = await Verifier(registry, framework=load_demo_framework()).verify_credential(
            held.credential, held.receipt
        )
        assert report.valid, report.to_json()
        assert report.check("conversion").status.value == "passed"  # type: ignore[union-attr]
        revoked = await http.post(
            f"{running_issuer.url}/credentials/{ids[1]}/revoke", json={"reason": 2}, headers=officer
        )
        assert revoked.status_code == 200, revoked.text
        flagged = await Verifier(registry, framework=load_demo_framework()).verify_credential(
            held.credential, held.receipt
        )
        check = flagged.check("conversion")
        assert not flagged.valid and check is not None and "flagged" in check.reason

    # A revoked credential cannot be converted.
    refused_app = await _apply(http, running_issuer, wallet, ids[1:2])
    assert refused_app.status_code == 422, refused_app.text
    assert refused_app.json()["code"] == "CONVERSION_REFUSED"
    assert "revoked" in refused_app.json()["detail"]


async def test_bad_rule_sets_are_refused_with_the_line_at_fault(
    published: dict[str, Any], http: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    bad = demo_rule_set_text().replace("courses: [BIGDATA-APP]", "courses: [NO-SUCH-COURSE]")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "NO-SUCH-COURSE" in t)
    answer = await http.post(
        f"{running_issuer.url}/programmes",
        json={"programme": demo_programme_text(), "rule_set": bad},
        headers=auth(running_issuer.admin_key),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "RULE_SET_INVALID"
    assert f"line {line}" in answer.json()["detail"]
    listed = await http.get(f"{running_issuer.url}/programmes")
    # the refused rule set published nothing (other tests may publish other programmes here)
    assert [p["programme"]["id"] for p in listed.json()].count(PROGRAMME) == 1
    assert "NO-SUCH-COURSE" not in listed.text
    unauthenticated = await http.post(
        f"{running_issuer.url}/programmes",
        json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
    )
    assert unauthenticated.status_code == 401


async def test_two_open_applications_for_the_same_source_the_chain_pays_out_once(
    published: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "twice", PASSPHRASE)
    offer = await issue_offer(http, running_issuer, wallet.did, "1X-WFED", grade="advanced")
    await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
    ids = [offer["issued"]["credential_id"]]
    # Both applications pass the desk's check: neither is decided yet.
    first = (await _apply(http, running_issuer, wallet, ids)).json()
    second = (await _apply(http, running_issuer, wallet, ids)).json()
    officer = auth(running_issuer.admin_key)
    approve = {"decision": "approve", "reason": "as proposed"}
    ok = await http.post(
        f"{running_issuer.url}/conversions/{first['id']}/decision", json=approve, headers=officer
    )
    assert ok.status_code == 200, ok.text
    refused = await http.post(
        f"{running_issuer.url}/conversions/{second['id']}/decision", json=approve, headers=officer
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "ALREADY_CONVERTED"
    assert "chain refused" in refused.json()["detail"]
    listed = await http.get(f"{running_issuer.url}/conversions", headers=officer)
    states = {a["id"]: a["status"] for a in listed.json()}
    assert states[first["id"]] == "approved" and states[second["id"]] == "proposed"


async def test_a_published_programme_version_is_not_published_again(
    published: dict[str, Any], http: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    again = await http.post(
        f"{running_issuer.url}/programmes",
        json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
        headers=auth(running_issuer.admin_key),
    )
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "PROGRAMME_VERSION_EXISTS"
    assert "next version" in again.json()["detail"]


async def test_the_same_outcome_issued_again_under_a_new_id_is_not_converted_twice(
    published: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "reissued", PASSPHRASE)
    ids = []
    for grade in ("intermediate", "advanced"):  # certified, then certified again (a correction)
        offer = await issue_offer(http, running_issuer, wallet.did, "1X-WFED", grade=grade)
        await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
        ids.append(offer["issued"]["credential_id"])
    assert ids[0] != ids[1]
    first = (await _apply(http, running_issuer, wallet, ids[:1])).json()
    officer = auth(running_issuer.admin_key)
    approve = {"decision": "approve", "reason": "as proposed"}
    ok = await http.post(
        f"{running_issuer.url}/conversions/{first['id']}/decision", json=approve, headers=officer
    )
    assert ok.status_code == 200, ok.text
    again = await _apply(http, running_issuer, wallet, ids[1:])
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "ALREADY_CONVERTED"
    assert ok.json()["conversion_id"] in again.json()["detail"]
