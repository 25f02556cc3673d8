"""A learner's wallet against the served issuer on a real chain: receive, account, present."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from node.credentials import credential_hash, verify_presentation
from tests.conftest import free_port
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.servers import serve
from wallet import CredentialChecker, Wallet, WalletStore, decode_link, package_link, parse_offer
from wallet.errors import (
    CredentialRefusedError,
    QrTooLargeError,
    WalletExistsError,
    WrongPassphraseError,
)
from wallet.package import qr_png


async def test_receive_two_credentials_account_and_present(
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "li-lei", PASSPHRASE)
    assert wallet.did.startswith("did:key:z6Mk")
    web = await issue_offer(
        http, running_issuer, wallet.did, "1X-WFED", grade="intermediate", result="Pass"
    )
    course = await issue_offer(http, running_issuer, wallet.did, "CRS-PYTHON")

    first = await wallet.receive(parse_offer(web["offer"]["link"]), checker, http)
    second = await wallet.receive(
        parse_offer(course["offer"]["code"], running_issuer.url), checker, http
    )
    assert [c.label for c in first.kept + second.kept] == ["valid", "valid"]
    assert not first.refused and not second.refused

    account = wallet.account().to_json()
    assert account["total_credits"] == "10"
    assert account["by_field"] == {"information-technology": "10"}
    assert account["by_level"] == {"4": "10"}
    assert account["by_credit_system"] == {"CB": "6", "CN-college": "4"}
    assert account["by_outcome_type"] == {"academic_course": "4", "skill_certificate": "6"}
    lines = account["credentials"]
    assert sum(Decimal(line["credits"]) for line in lines) == Decimal(account["total_credits"])
    for totals in ("by_field", "by_level", "by_credit_system", "by_outcome_type"):
        assert sum(map(Decimal, account[totals].values())) == Decimal(10)

    # Reopening decrypts the same wallet; nothing was kept in clear.
    raw = store.path("li-lei").read_bytes()
    assert wallet.did.encode() not in raw and b"1X-WFED" not in raw
    reopened = await Wallet.open(store, "li-lei", PASSPHRASE)
    assert reopened.account().to_json() == account

    ids = [web["issued"]["credential_id"], course["issued"]["credential_id"]]
    package = await wallet.present(ids, challenge="employer-nonce-1", domain="https://hr.example")
    assert package["type"] == "CreditBankPresentation"
    vp = package["verifiablePresentation"]
    assert (
        await verify_presentation(vp, challenge="employer-nonce-1", domain="https://hr.example")
        == []
    )
    assert await verify_presentation(vp, challenge="other", domain="https://hr.example") != []
    for vc, receipt in zip(vp["verifiableCredential"], package["receipts"], strict=True):
        assert receipt["credentialHash"] == "0x" + credential_hash(vc).hex()

    link = package_link("http://127.0.0.1:8002", package)
    assert decode_link(link) == package
    short = package_link("http://127.0.0.1:8002", package, compressed=True)
    assert decode_link(short) == package
    with pytest.raises(QrTooLargeError):  # two credentials outgrow a QR code
        qr_png(short)
    single = await wallet.present(ids[:1], challenge="n2", domain="https://hr.example")
    assert qr_png(package_link("http://v", single, compressed=True)).startswith(b"\x89PNG")

    await wallet.refresh(checker, http)
    assert [c.label for c in wallet.held()] == ["valid", "valid"]

    # Suspended on chain: listed as suspended, no longer counted.
    suspended = await http.post(
        f"{running_issuer.url}/credentials/{ids[1]}/suspend",
        json={"reason": 1},
        headers={"X-API-Key": running_issuer.admin_key},
    )
    assert suspended.status_code == 200, suspended.text
    await wallet.refresh(checker, http)
    after = wallet.account().to_json()
    assert [line["status"] for line in after["credentials"]] == ["valid", "suspended"]
    assert after["total_credits"] == "6" and after["by_credit_system"] == {"CB": "6"}


async def test_wrong_passphrase_opens_nothing_and_changes_nothing(store: WalletStore) -> None:
    wallet = await Wallet.create(store, "mine", PASSPHRASE)
    before = store.path("mine").read_bytes()
    with pytest.raises(WrongPassphraseError):
        await Wallet.open(store, "mine", "not the passphrase")
    assert store.path("mine").read_bytes() == before
    with pytest.raises(WalletExistsError):
        await Wallet.create(store, "mine", PASSPHRASE)
    assert (await Wallet.open(store, "mine", PASSPHRASE)).did == wallet.did


async def test_backup_restores_into_a_new_folder(
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
    tmp_path: Path,
) -> None:
    wallet = await Wallet.create(store, "default", PASSPHRASE)
    offer = await issue_offer(http, running_issuer, wallet.did, "CERT-TOURGUIDE")
    await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
    backup = await wallet.backup()
    assert wallet.did.encode() not in backup

    elsewhere = WalletStore(tmp_path / "new-machine", kdf_cost=2**10)
    with pytest.raises(WrongPassphraseError):
        await Wallet.restore(elsewhere, "default", backup, "wrong")
    assert not elsewhere.exists("default")
    restored = await Wallet.restore(elsewhere, "default", backup, PASSPHRASE)
    assert restored.did == wallet.did
    assert [c.credential for c in restored.held()] == [c.credential for c in wallet.held()]
    assert restored.account().to_json() == wallet.account().to_json()
    with pytest.raises(WalletExistsError):
        await Wallet.restore(elsewhere, "default", backup, PASSPHRASE)


async def test_pending_receipt_is_fetched_later(
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "pending", PASSPHRASE)
    offer = await issue_offer(http, running_issuer, wallet.did, "TRN-HOTEL-FRONT", flush=False)
    result = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
    # The issuer batches by age; either the receipt came with it or it is fetched now.
    held = result.kept[0]
    if held.pending:
        assert wallet.account().to_json()["total_credits"] == "0"
        with pytest.raises(Exception, match="not verified yet"):
            await wallet.present([held.id], challenge="c", domain="d")
    await http.post(
        f"{running_issuer.url}/anchoring/flush",
        headers={"X-API-Key": running_issuer.admin_key},
    )
    await wallet.refresh(checker, http)
    assert wallet.get(held.id).label == "valid"
    assert wallet.account().to_json()["total_credits"] == "2"


def _tampering_issuer(genuine: dict[str, Any], *, with_receipt: bool) -> FastAPI:
    """An issuer endpoint that hands out a credential with more credits than were signed."""
    app = FastAPI()
    issuer: dict[str, str] = {}

    @app.get("/.well-known/openid-credential-issuer")
    async def metadata(request: Request) -> dict[str, Any]:
        base = issuer.setdefault("url", str(request.base_url).rstrip("/"))
        config = {"format": "ldp_vc", "proof_types_supported": {"jwt": {}}}
        return {
            "credential_issuer": base,
            "credential_endpoint": f"{base}/credential",
            "nonce_endpoint": f"{base}/nonce",
            "credential_configurations_supported": {"OpenBadgeCredential_ldp_vc": config},
        }

    @app.get("/.well-known/oauth-authorization-server")
    async def oauth(request: Request) -> dict[str, str]:
        return {"issuer": issuer["url"], "token_endpoint": f"{issuer['url']}/token"}

    @app.post("/token")
    async def token() -> dict[str, str]:
        return {"access_token": "t", "token_type": "Bearer"}

    @app.post("/nonce")
    async def nonce() -> dict[str, str]:
        return {"c_nonce": "n"}

    @app.post("/credential")
    async def credential() -> dict[str, Any]:
        tampered = {**genuine["credential"]}
        subject = {**tampered["credentialSubject"], "creditsEarned": 60}
        tampered["credentialSubject"] = subject
        receipt = genuine["receipt"] if with_receipt else None
        entry = {"credential": tampered, "receipt": receipt, "receipt_endpoint": "http://x/r"}
        return {"credentials": [entry]}

    return app


@pytest.mark.parametrize("with_receipt", [True, False])
async def test_a_tampered_credential_is_refused_with_its_reason(
    with_receipt: bool,
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "careful", PASSPHRASE)
    offer = await issue_offer(http, running_issuer, wallet.did, "CERT-CHILDCARE")
    genuine = await http.get(
        f"{running_issuer.url}/credentials/{offer['issued']['credential_id']}",
        headers={"X-API-Key": running_issuer.admin_key},
    )
    fake = _tampering_issuer(genuine.json(), with_receipt=with_receipt)
    with serve(fake, free_port()) as fake_url:
        with pytest.raises(CredentialRefusedError) as refused:
            await wallet.receive(parse_offer("any-code", fake_url), checker, http)
    assert refused.value.code == "CREDENTIAL_REFUSED"
    assert any("signature" in reason for reason in refused.value.reasons)
    assert wallet.held() == [] and wallet.data.refusals
    reopened = await Wallet.open(store, "careful", PASSPHRASE)
    assert reopened.held() == []
