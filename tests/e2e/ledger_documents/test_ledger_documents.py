"""Documents come from the ledger: a story under Acme's framework and catalog, not the demo's.

Everything runs for real: anvil, the IPFS daemon, the issuer and verifier services, the
wallet and the conversion desk. Only the registry's entries and IPFS say what the framework
and catalog are.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import httpx
import pytest

from issuer.bootstrap import ledger_documents
from issuer.models import PublishedProgramme
from node.chain import Batch, DocumentKind
from node.conversion.parsing import parse_programme, parse_rule_set
from node.documents import (
    DocumentDigestMismatchError,
    IpfsClient,
    canonical_json,
    digest,
    publish,
    series_id,
)
from node.documents.publisher import effective_timestamp
from node.ledger import GOVERNOR_KEY, Ledger
from node.verification import CatalogReader, CheckStatus, Verifier, achievement_facts
from node.verification.anchor_checks import Anchor
from node.verification.catalogs import standard_catalog_cid
from node.verification.documents import LedgerDocuments
from tests.e2e.issuer.helpers import auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.e2e.ledger_documents import acme
from tests.e2e.ledger_documents.conftest import (
    Acme,
    KeepsAnything,
    chain_time,
    issued_credential,
    move_chain_clock,
)
from wallet import VerifierChecker, Wallet, WalletStore, open_registry, parse_offer
from wallet.errors import CredentialRefusedError


def _check(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in report["checks"] if c["name"] == name)


async def _verify_package(
    http: httpx.AsyncClient, bank: Acme, wallet: Wallet, ids: list[str]
) -> Any:
    asked = (await http.post(f"{bank.verifier}/challenges")).json()
    package = await wallet.present(ids, challenge=asked["challenge"], domain=asked["domain"])
    answer = await http.post(f"{bank.verifier}/packages/verify", json=package)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _apply(
    http: httpx.AsyncClient, bank: Acme, wallet: Wallet, ids: list[str]
) -> httpx.Response:
    asked = (await http.post(f"{bank.issuer.url}/applications/challenge")).json()
    package = await wallet.present(ids, challenge=asked["challenge"], domain=asked["domain"])
    return await http.post(
        f"{bank.issuer.url}/conversions",
        json={"programme_id": acme.PROGRAMME_ID, "package": package},
    )


async def _publish_programme(http: httpx.AsyncClient, bank: Acme) -> None:
    answer = await http.post(
        f"{bank.issuer.url}/programmes",
        json={"programme": acme.PROGRAMME, "rule_set": acme.RULE_SET},
        headers=auth(bank.issuer.admin_key),
    )
    assert answer.status_code == 201, answer.text


async def _loosen_database_rules(bank: Acme) -> None:
    """Rewrite the desk's stored copy of the rule set: ROB-CERT would exempt 14 credits."""
    generous = acme.RULE_SET.replace("courses: [ROB-BASICS]", "courses: [ROB-BASICS, ROB-LAB]")
    rule_set = parse_rule_set(generous, parse_programme(acme.PROGRAMME))
    desk = await Ledger.open(bank.issuer.settings, fast_kdf=True)
    try:
        async with desk.db.session() as session:
            row = await session.get(PublishedProgramme, (acme.PROGRAMME_ID, 1))
            assert row is not None
            row.rule_set_json = canonical_json(rule_set).decode()
    finally:
        await desk.close()


async def test_the_whole_story_runs_on_documents_that_are_not_the_demos(
    acme_bank: Acme, store: WalletStore, ledger: Ledger, ipfs: IpfsClient, http: httpx.AsyncClient
) -> None:
    wallet = await Wallet.create(store, "acme-learner", PASSPHRASE)
    offer = await issue_offer(http, acme_bank.issuer, wallet.did, "ROB-CERT")
    async with open_registry(acme_bank.wallets) as registry:
        checker = VerifierChecker(registry, CatalogReader(registry, ipfs))
        received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
        assert [c.label for c in received.kept] == ["valid"], received
        held = received.kept[0]
        achievement = held.credential["credentialSubject"]["achievement"]
        assert (achievement["fieldOfStudyCode"], achievement["creditSystem"]) == ("robotics", "AC")
        # the credential aligns to the catalog the issuer account anchored, read from the chain
        record = await registry.document(
            acme_bank.account, DocumentKind.CATALOG, series_id(acme.CATALOG_ID), 1
        )
        assert standard_catalog_cid(held.credential) == record.cid

        # the employer's verifier service
        report = await _verify_package(http, acme_bank, wallet, [held.id])
        assert report["verdict"] == "valid", report
        verified = report["credentials"][0]
        assert _check(verified, "accreditation")["reason"].endswith("(under acme:qf v1)")
        assert verified["catalog"]["state"] == "agrees", verified["catalog"]
        assert verified["catalog"]["reason"] == "acme:catalog v1 gives 7.50 AC for ROB-CERT"

        # the college converts it into its robotics programme, by the rules the registry
        # anchors: a more generous copy of them in its own database is not what decides
        await _publish_programme(http, acme_bank)
        await _loosen_database_rules(acme_bank)
        applied = await _apply(http, acme_bank, wallet, [held.id])
        assert applied.status_code == 201, applied.text
        application = applied.json()
        assert Decimal(application["proposal"]["total"]) == Decimal(6)
        decided = await http.post(
            f"{acme_bank.issuer.url}/conversions/{application['id']}/decision",
            json={"decision": "approve", "reason": "ROB-CERT covers the basics"},
            headers=auth(acme_bank.issuer.admin_key),
        )
        assert decided.status_code == 200, decided.text
        flushed = await http.post(
            f"{acme_bank.issuer.url}/anchoring/flush", headers=auth(acme_bank.issuer.admin_key)
        )
        assert flushed.status_code == 200, flushed.text
        converted = await wallet.receive(
            parse_offer(decided.json()["offer"]["link"]), checker, http
        )
        assert [c.label for c in converted.kept] == ["valid"], converted

        # Framework v2 (robotics and the outcome types on other bits) takes effect tomorrow...
        tomorrow = datetime.fromtimestamp(await chain_time(ledger), UTC).date() + timedelta(1)
        v2 = acme.framework(2, effective_from=tomorrow)
        governor = ledger.account(GOVERNOR_KEY)
        await publish(v2, ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
        await move_chain_clock(ledger, 2 * 86400)
        in_force = await LedgerDocuments(ledger.registry, ipfs).framework_at()
        assert (in_force.id, in_force.version) == (acme.FRAMEWORK_ID, 2)

        # ...and the credential anchored under v1 is still verified against v1.
        outcome = await VerifierChecker(registry, CatalogReader(registry, ipfs)).check(
            held.credential, held.receipt
        )
        assert outcome.valid, outcome.reasons
        report = await _verify_package(http, acme_bank, wallet, [held.id])
        assert report["verdict"] == "valid", report
        assert _check(report["credentials"][0], "accreditation")["reason"].endswith(
            "(under acme:qf v1)"
        )
        # Judged under v2 it would not hold: the bits differ (so v1 is what was used above).
        under_v2 = await Verifier(registry, framework=v2).verify_credential(
            held.credential, held.receipt
        )
        accreditation = under_v2.check("accreditation")
        assert accreditation is not None and accreditation.status is CheckStatus.FAILED


async def test_a_document_unlike_its_anchored_digest_is_refused_by_every_service(
    acme_bank: Acme, store: WalletStore, ledger: Ledger, ipfs: IpfsClient, http: httpx.AsyncClient
) -> None:
    wallet = await Wallet.create(store, "acme-tampered", PASSPHRASE)
    before = await issue_offer(http, acme_bank.issuer, wallet.did, "ROB-CERT")
    async with open_registry(acme_bank.wallets) as registry:
        checker = VerifierChecker(registry, CatalogReader(registry, ipfs))
        kept = await wallet.receive(parse_offer(before["offer"]["link"]), checker, http)
        assert [c.label for c in kept.kept] == ["valid"], kept
        await move_chain_clock(ledger, 60)  # the forgery is published after that anchoring

        # A governor anchors framework v2's digest with the CID of other content.
        today = datetime.fromtimestamp(await chain_time(ledger), UTC).date()
        anchored = acme.framework(2, effective_from=today)
        other = anchored.model_copy(update={"name": "Acme Skills Framework (forged)"})
        cid = await ipfs.add(canonical_json(other))
        await ledger.registry.publish_document(
            ledger.account(GOVERNOR_KEY), DocumentKind.FRAMEWORK, series_id(acme.FRAMEWORK_ID),
            2, digest(anchored), cid, effective_timestamp(today),
        )  # fmt: skip

        # The wallet refuses a credential anchored while it is in force, and says why.
        after = await issue_offer(http, acme_bank.issuer, wallet.did, "ROB-CERT")
        with pytest.raises(CredentialRefusedError) as refused:
            await wallet.receive(parse_offer(after["offer"]["link"]), checker, http)
        assert any("DOCUMENT_DIGEST_MISMATCH" in r for r in refused.value.reasons), refused.value

        # The verifier service refuses it too: the verdict is invalid, the reason named.
        vc, receipt = await issued_credential(
            http, acme_bank.issuer, after["issued"]["credential_id"]
        )
        answer = await http.post(
            f"{acme_bank.verifier}/credentials/verify",
            json={"verifiableCredential": vc, "receipt": receipt},
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["verdict"] == "invalid" and not body["report"]["valid"], body
        accreditation = _check(body["report"], "accreditation")
        assert accreditation["status"] == "failed", accreditation
        assert accreditation["reason"].startswith("DOCUMENT_DIGEST_MISMATCH: "), accreditation
        # A credential anchored under the intact version still verifies.
        report = await _verify_package(http, acme_bank, wallet, [before["issued"]["credential_id"]])
        assert report["verdict"] == "valid", report

        # The conversion desk refuses it on its own, even from a wallet that kept it.
        await _publish_programme(http, acme_bank)
        lax = await Wallet.create(store, "acme-lax", PASSPHRASE)
        given = await issue_offer(http, acme_bank.issuer, lax.did, "ROB-CERT")
        await lax.receive(parse_offer(given["offer"]["link"]), KeepsAnything(), http)
        applied = await _apply(http, acme_bank, lax, [given["issued"]["credential_id"]])
        assert applied.status_code == 502, applied.text
        problem = applied.json()
        assert problem["code"] == "DOCUMENT_DIGEST_MISMATCH", problem
        assert "accreditation" in problem["detail"]

        # The issuer account anchors catalog v2's digest with the CID of other content.
        issuer_key = ledger.account(acme_bank.issuer.settings.issuer_key_name)
        true_v2 = acme.catalog(2)
        forged_v2 = acme.catalog(2, robot_credits="9.00")
        forged_cid = await ipfs.add(canonical_json(forged_v2))
        await ledger.registry.publish_document(
            issuer_key, DocumentKind.CATALOG, series_id(acme.CATALOG_ID), 2, digest(true_v2),
            forged_cid, effective_timestamp(today),
        )  # fmt: skip
        claim = {
            "credentialSubject": {
                "creditsEarned": 9,
                "achievement": {
                    "alignment": [
                        {"targetType": "ext:OutcomeStandard", "targetUrl": f"ipfs://{forged_cid}"}
                    ]
                },
            }
        }
        anchor = Anchor(
            receipt=cast(Any, None),
            batch=Batch(cast(Any, acme_bank.account), await chain_time(ledger), 1),
        )
        verdict = await CatalogReader(registry, ipfs).verdict(
            claim, achievement_facts(claim), anchor
        )
        assert verdict.problem == "DOCUMENT_DIGEST_MISMATCH", verdict
        assert verdict.state == "unknown" and forged_cid in verdict.reason
        assert json.loads(json.dumps(verdict.to_json()))["problem"] == "DOCUMENT_DIGEST_MISMATCH"

    # An issuer (re)starting on these entries refuses them rather than certify by them.
    with pytest.raises(DocumentDigestMismatchError):
        await ledger_documents(ledger, acme_bank.account, ipfs)
