"""Driving the issuer's OpenID4VCI 1.0 endpoints over HTTP, step by step, as a wallet would."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from node.credentials import SigningKey
from tests.e2e.issuer.helpers import auth, proof_presentation
from wallet.offers import jwt_proof

GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION = "OpenBadgeCredential_ldp_vc"


@dataclass(frozen=True)
class Issued:
    """A credential issued to a learner, and the offer /issuance answered with."""

    credential_id: str
    credential: dict[str, Any]
    offer: dict[str, Any]


async def issue(client: httpx.AsyncClient, admin: str, learner: SigningKey) -> Issued:
    """Certify one outcome for ``learner`` through the one issuance pipeline."""
    response = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON", "result": "Pass"},
        headers=auth(admin),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Issued(body["issued"]["credential_id"], body["credential"], body["offer"])


async def offer(
    client: httpx.AsyncClient, admin: str, credential_id: str, *, tx_code: bool = False
) -> dict[str, Any]:
    """A fresh offer of an issued credential, optionally behind a tx_code."""
    response = await client.post(
        f"/credentials/{credential_id}/offer", json={"tx_code": tx_code}, headers=auth(admin)
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def offer_object(link: str) -> dict[str, Any]:
    """The credential offer a by-value link carries."""
    return dict(json.loads(parse_qs(urlsplit(link).query)["credential_offer"][0]))


async def token(client: httpx.AsyncClient, code: str, tx_code: str | None = None) -> httpx.Response:
    """The token request, form-encoded."""
    form = {"grant_type": GRANT, "pre-authorized_code": code}
    if tx_code is not None:
        form["tx_code"] = tx_code
    return await client.post("/token", data=form)


async def access_token(client: httpx.AsyncClient, code: str, tx_code: str | None = None) -> str:
    """A granted access token."""
    response = await token(client, code, tx_code)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def nonce(client: httpx.AsyncClient) -> str:
    """A fresh c_nonce."""
    response = await client.post("/nonce")
    assert response.status_code == 200, response.text
    return str(response.json()["c_nonce"])


async def request_credential(
    client: httpx.AsyncClient,
    access: str | None,
    proofs: dict[str, Any] | None,
    configuration: str = CONFIGURATION,
) -> httpx.Response:
    """The credential request with a Bearer token (none when ``access`` is None)."""
    body: dict[str, Any] = {"credential_configuration_id": configuration}
    if proofs is not None:
        body["proofs"] = proofs
    headers = {"Authorization": f"Bearer {access}"} if access else {}
    return await client.post("/credential", json=body, headers=headers)


def jwt_proofs(key: SigningKey, issuer_url: str, c_nonce: str) -> dict[str, Any]:
    """``proofs`` with one EdDSA jwt key proof, as our wallet makes it."""
    return {"jwt": [jwt_proof(key, issuer_url, c_nonce)]}


async def di_vp_proofs(key: SigningKey, issuer_url: str, c_nonce: str) -> dict[str, Any]:
    """``proofs`` with one di_vp presentation over the nonce."""
    return {"di_vp": [await proof_presentation(key, c_nonce, issuer_url)]}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def forged_jwt(signer: SigningKey, named: SigningKey, issuer_url: str, c_nonce: str) -> str:
    """A jwt proof whose kid names ``named`` but which ``signer`` signed."""
    header = {"typ": "openid4vci-proof+jwt", "alg": "EdDSA", "kid": named.verification_method}
    payload = {"aud": issuer_url, "iat": int(time.time()), "nonce": c_nonce}
    head = ".".join(_b64url(json.dumps(p).encode()) for p in (header, payload))
    return f"{head}.{_b64url(signer.pair.private.sign(head.encode()))}"


async def credential_count(client: httpx.AsyncClient, admin: str) -> int:
    """How many credentials the issuer has issued (first 1000)."""
    response = await client.get("/credentials", params={"limit": 1000}, headers=auth(admin))
    assert response.status_code == 200, response.text
    return len(response.json())


async def deliveries(client: httpx.AsyncClient, admin: str, credential_id: str) -> int:
    """How many times the credential endpoint released this credential (the audit log)."""
    response = await client.get("/audit", params={"limit": 1000}, headers=auth(admin))
    assert response.status_code == 200, response.text
    return sum(
        1
        for r in response.json()
        if r["action"] == "offer.deliver" and r["target"] == credential_id
    )
