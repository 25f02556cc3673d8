"""Each failed step answers the error OpenID4VCI 1.0 names, and releases nothing."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import new_learner
from tests.e2e.protocols.oid4vci.helpers import (
    GRANT,
    access_token,
    credential_count,
    deliveries,
    forged_jwt,
    issue,
    jwt_proofs,
    nonce,
    offer,
    request_credential,
    token,
)


@pytest.fixture
async def client(running_issuer: RunningIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as http:
        yield http


def oauth_error(response: httpx.Response, status: int, error: str) -> None:
    """The OAuth JSON error shape, never cached."""
    assert response.status_code == status, response.text
    assert response.json()["error"] == error and response.json()["error_description"]
    assert response.headers["cache-control"] == "no-store"


async def test_token_errors(client: httpx.AsyncClient, running_issuer: RunningIssuer) -> None:
    admin, learner = running_issuer.admin_key, await new_learner()
    issued = await issue(client, admin, learner)
    made = await offer(client, admin, issued.credential_id, tx_code=True)
    wrong = "0" * 6 if made["tx_code"] != "0" * 6 else "1" * 6
    oauth_error(await token(client, made["code"], wrong), 400, "invalid_grant")
    oauth_error(await token(client, made["code"]), 400, "invalid_request")
    oauth_error(await token(client, "no-such-code"), 400, "invalid_grant")
    other = await client.post("/token", data={"grant_type": "client_credentials"})
    oauth_error(other, 400, "unsupported_grant_type")
    oauth_error(await client.post("/token", data={}), 400, "invalid_request")
    crowded = {f"field{i}": "x" for i in range(21)}  # found by the fuzzer: once a 500
    oauth_error(await client.post("/token", data=crowded), 400, "invalid_request")
    as_json = await client.post(
        "/token", json={"grant_type": GRANT, "pre-authorized_code": made["code"]}
    )
    oauth_error(as_json, 400, "invalid_request")
    # the right tx_code still works after one typo; the code then works once only
    assert await access_token(client, made["code"], made["tx_code"])
    oauth_error(await token(client, made["code"], made["tx_code"]), 400, "invalid_grant")
    # an offer without a tx_code refuses one
    plain = issued.offer["code"]
    oauth_error(await token(client, plain, "123456"), 400, "invalid_request")
    assert await access_token(client, plain)


async def test_nonce_errors_and_replays_change_nothing(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin, learner = running_issuer.admin_key, await new_learner()
    issued = await issue(client, admin, learner)
    access = await access_token(client, issued.offer["code"])
    url = running_issuer.url
    before = await credential_count(client, admin)
    stale = jwt_proofs(learner, url, "never-issued-nonce")
    oauth_error(await request_credential(client, access, stale), 400, "invalid_nonce")
    c_nonce = await nonce(client)
    first = await request_credential(client, access, jwt_proofs(learner, url, c_nonce))
    assert first.status_code == 200, first.text
    reused = await request_credential(client, access, jwt_proofs(learner, url, c_nonce))
    oauth_error(reused, 400, "invalid_nonce")
    assert await deliveries(client, admin, issued.credential_id) == 1
    assert await credential_count(client, admin) == before


async def test_proof_errors_release_nothing(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin, learner, thief = running_issuer.admin_key, await new_learner(), await new_learner()
    issued = await issue(client, admin, learner)
    access = await access_token(client, issued.offer["code"])
    url = running_issuer.url
    before = await credential_count(client, admin)

    c_nonce = await nonce(client)
    forged = {"jwt": [forged_jwt(thief, learner, url, c_nonce)]}
    oauth_error(await request_credential(client, access, forged), 400, "invalid_proof")
    # the forged proof did not burn the nonce: the learner's own proof over it still works
    wrong_audience = jwt_proofs(learner, "https://elsewhere.example", c_nonce)
    oauth_error(await request_credential(client, access, wrong_audience), 400, "invalid_proof")
    oauth_error(await request_credential(client, access, None), 400, "invalid_proof")
    two = {"jwt": [*jwt_proofs(learner, url, c_nonce)["jwt"]] * 2}
    oauth_error(await request_credential(client, access, two), 400, "invalid_proof")
    oauth_error(
        await request_credential(client, access, {"ldp_vp": ["x"], "jwt": ["y"]}),
        400,
        "invalid_proof",
    )
    # JSON nested deeper than any parser should follow, hidden in the JWT's base64 header
    deep = base64.urlsafe_b64encode(b'{"a":' * 5000 + b"1" + b"}" * 5000).rstrip(b"=").decode()
    buried = {"jwt": [f"{deep}.e30.c2ln"]}
    oauth_error(await request_credential(client, access, buried), 400, "invalid_proof")
    # a genuine proof by another DID: the credential is not theirs
    stolen = await request_credential(client, access, jwt_proofs(thief, url, await nonce(client)))
    oauth_error(stolen, 400, "invalid_proof")
    assert await deliveries(client, admin, issued.credential_id) == 0
    unknown = await request_credential(
        client, access, jwt_proofs(learner, url, c_nonce), configuration="UniversityDegree_jwt"
    )
    oauth_error(unknown, 400, "unknown_credential_configuration")
    assert await deliveries(client, admin, issued.credential_id) == 0

    own = await request_credential(client, access, jwt_proofs(learner, url, c_nonce))
    assert own.status_code == 200, own.text
    assert await deliveries(client, admin, issued.credential_id) == 1
    assert await credential_count(client, admin) == before


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
async def test_missing_or_bad_access_tokens_answer_401(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, header: str | None
) -> None:
    learner = await new_learner()
    headers = {"Authorization": header} if header else {}
    body = {
        "credential_configuration_id": "OpenBadgeCredential_ldp_vc",
        "proofs": jwt_proofs(learner, running_issuer.url, await nonce(client)),
    }
    answer = await client.post("/credential", json=body, headers=headers)
    oauth_error(answer, 401, "invalid_token")
    assert answer.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


async def test_a_used_access_token_code_and_offer_uri_are_gone(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    learner = await new_learner()
    issued = await issue(client, running_issuer.admin_key, learner)
    await access_token(client, issued.offer["code"])
    served = await client.get(f"/credential-offers/{issued.offer['code']}")
    assert served.status_code == 404 and served.json()["code"] == "NOT_FOUND"
    oauth_error(await token(client, issued.offer["code"]), 400, "invalid_grant")


async def test_malformed_credential_requests(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    learner = await new_learner()
    issued = await issue(client, running_issuer.admin_key, learner)
    access = await access_token(client, issued.offer["code"])
    bearer = {"Authorization": f"Bearer {access}", "Content-Type": "application/json"}
    not_json = await client.post("/credential", content=b"{nope", headers=bearer)
    oauth_error(not_json, 400, "invalid_credential_request")
    unauthenticated = await client.post(
        "/credential", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    oauth_error(unauthenticated, 401, "invalid_token")
    by_identifier = await client.post(
        "/credential", json={"credential_identifier": "x"}, headers=bearer
    )
    oauth_error(by_identifier, 400, "invalid_credential_request")
    # the singular proof of earlier drafts is still read
    c_nonce = await nonce(client)
    (jwt,) = jwt_proofs(learner, running_issuer.url, c_nonce)["jwt"]
    singular = await client.post(
        "/credential",
        json={
            "credential_configuration_id": "OpenBadgeCredential_ldp_vc",
            "proof": {"proof_type": "jwt", "jwt": jwt},
        },
        headers=bearer,
    )
    assert singular.status_code == 200, singular.text
    assert singular.json()["credentials"][0]["credential"] == issued.credential
