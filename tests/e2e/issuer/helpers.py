"""Learners and presentations for driving the issuer over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from node.credentials import SigningKey, build_presentation, sign_presentation
from wallet.offers import jwt_proof


async def new_learner() -> SigningKey:
    """A learner's wallet key (a fresh did:key)."""
    return await SigningKey.create()


async def proof_presentation(learner: SigningKey, challenge: str, domain: str) -> dict[str, Any]:
    """A presentation with no credentials that proves the learner holds the DID's key."""
    return await sign_presentation(
        build_presentation([], learner.did), learner, challenge=challenge, domain=domain
    )


def auth(key: str) -> dict[str, str]:
    """The header an operator authenticates with."""
    return {"X-API-Key": key}


async def add_operator(
    client: httpx.AsyncClient, admin_key: str, name: str, role: str, fields: list[str] | None = None
) -> str:
    """Register an operator through the API and return its key."""
    response = await client.post(
        "/operators",
        json={"name": name, "role": role, "fields": fields or []},
        headers=auth(admin_key),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["api_key"])


async def redeem(
    client: httpx.AsyncClient, code: str, learner: SigningKey, issuer_url: str
) -> httpx.Response:
    """The OpenID4VCI 1.0 pre-authorised code flow: token, nonce, credential with a jwt proof."""
    token = await client.post(
        "/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": code,
        },
    )
    assert token.status_code == 200, token.text
    nonce = (await client.post("/nonce")).json()["c_nonce"]
    return await client.post(
        "/credential",
        json={
            "credential_configuration_id": "OpenBadgeCredential_ldp_vc",
            "proofs": {"jwt": [jwt_proof(learner, issuer_url, nonce)]},
        },
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
