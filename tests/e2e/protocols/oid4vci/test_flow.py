"""The full OpenID4VCI 1.0 pre-authorised code flow against the served issuer, on a real chain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth, new_learner
from tests.e2e.learners import PASSPHRASE
from tests.e2e.protocols.oid4vci.helpers import (
    CONFIGURATION,
    GRANT,
    access_token,
    deliveries,
    di_vp_proofs,
    issue,
    jwt_proofs,
    nonce,
    offer,
    offer_object,
    request_credential,
)
from wallet.offers import parse_offer, redeem


@pytest.fixture
async def client(running_issuer: RunningIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as http:
        yield http


async def test_metadata_documents(client: httpx.AsyncClient, running_issuer: RunningIssuer) -> None:
    url = running_issuer.url
    meta = (await client.get("/.well-known/openid-credential-issuer")).json()
    assert meta["credential_issuer"] == url
    assert meta["credential_endpoint"] == f"{url}/credential"
    assert meta["nonce_endpoint"] == f"{url}/nonce"
    config = meta["credential_configurations_supported"][CONFIGURATION]
    assert config["format"] == "ldp_vc"
    assert config["cryptographic_binding_methods_supported"] == ["did:key"]
    assert config["proof_types_supported"]["jwt"] == {
        "proof_signing_alg_values_supported": ["EdDSA"]
    }
    assert (
        "eddsa-rdfc-2022"
        in config["proof_types_supported"]["di_vp"]["proof_signing_alg_values_supported"]
    )
    assert "OpenBadgeCredential" in config["credential_definition"]["type"]
    oauth = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert oauth["issuer"] == url and oauth["token_endpoint"] == f"{url}/token"
    assert oauth["pre-authorized_grant_anonymous_access_supported"] is True
    assert GRANT in oauth["grant_types_supported"]


async def test_nonce_endpoint_answers_fresh_nonces_never_cached(
    client: httpx.AsyncClient,
) -> None:
    first, second = await client.post("/nonce"), await client.post("/nonce")
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    assert first.json()["c_nonce"] != second.json()["c_nonce"]


@pytest.mark.parametrize("proof_type", ["jwt", "di_vp"])
async def test_each_proof_type_step_by_step(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, proof_type: str
) -> None:
    learner = await new_learner()
    issued = await issue(client, running_issuer.admin_key, learner)
    code = offer_object(issued.offer["link"])["grants"][GRANT]["pre-authorized_code"]
    assert code == issued.offer["code"]
    token = await client.post("/token", data={"grant_type": GRANT, "pre-authorized_code": code})
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    assert "c_nonce" not in token.json() and token.json()["token_type"] == "Bearer"
    c_nonce = await nonce(client)
    proofs = (
        jwt_proofs(learner, running_issuer.url, c_nonce)
        if proof_type == "jwt"
        else await di_vp_proofs(learner, running_issuer.url, c_nonce)
    )
    answer = await request_credential(client, token.json()["access_token"], proofs)
    assert answer.status_code == 200, answer.text
    (entry,) = answer.json()["credentials"]
    assert entry["credential"] == issued.credential
    assert entry["credential"]["credentialSubject"]["id"] == learner.did
    assert await deliveries(client, running_issuer.admin_key, issued.credential_id) == 1


@pytest.mark.parametrize("proof_type", ["jwt", "di_vp"])
async def test_our_wallet_redeems_by_reference_with_a_tx_code(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, proof_type: str
) -> None:
    learner = await new_learner()
    issued = await issue(client, running_issuer.admin_key, learner)
    made = await offer(client, running_issuer.admin_key, issued.credential_id, tx_code=True)
    assert made["offer_uri"].startswith("openid-credential-offer://?credential_offer_uri=")
    assert made["qr_code"].startswith("data:image/svg+xml;base64,")
    assert len(made["tx_code"]) == 6 and made["tx_code"].isdigit()
    parsed = parse_offer(made["offer_uri"])
    async with httpx.AsyncClient(timeout=120) as http:
        got = await redeem(
            replace(parsed, tx_code=made["tx_code"]), learner, http, proof_type=proof_type
        )
    assert [d.credential for d in got] == [issued.credential]


async def test_the_offer_uri_serves_the_offer_only_while_its_code_is_live(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    learner = await new_learner()
    issued = await issue(client, running_issuer.admin_key, learner)
    made = await offer(client, running_issuer.admin_key, issued.credential_id, tx_code=True)
    uri = parse_offer(made["offer_uri"]).uri
    assert uri is not None
    served = await client.get(uri)
    assert served.status_code == 200 and served.headers["cache-control"] == "no-store"
    grant = served.json()["grants"][GRANT]
    assert grant["pre-authorized_code"] == made["code"]
    assert grant["tx_code"] == {
        "input_mode": "numeric",
        "length": 6,
        "description": grant["tx_code"]["description"],
    }
    await access_token(client, made["code"], made["tx_code"])
    assert (await client.get(uri)).status_code == 404


async def test_a_learner_redeems_through_the_wallet_service(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, wallet_url: str
) -> None:
    async with httpx.AsyncClient(base_url=wallet_url, timeout=120) as wallet:
        created = await wallet.post("/wallet", json={"passphrase": PASSPHRASE})
        assert created.status_code == 201, created.text
        did, headers = created.json()["did"], {"Authorization": f"Bearer {created.json()['token']}"}
        issued = await client.post(
            "/issuance",
            json={"learner_did": did, "standard_code": "CRS-PYTHON", "result": "Pass"},
            headers=auth(running_issuer.admin_key),
        )
        assert issued.status_code == 201, issued.text
        credential_id = issued.json()["issued"]["credential_id"]
        made = await offer(client, running_issuer.admin_key, credential_id, tx_code=True)
        without = await wallet.post(
            "/offers/redeem", json={"offer": made["offer_uri"]}, headers=headers
        )
        assert without.status_code == 422 and without.json()["code"] == "WALLET_OFFER_INVALID"
        redeemed = await wallet.post(
            "/offers/redeem",
            json={"offer": made["offer_uri"], "tx_code": made["tx_code"]},
            headers=headers,
        )
        assert redeemed.status_code == 200, redeemed.text
        assert [c["id"] for c in redeemed.json()["kept"]] == [credential_id]
