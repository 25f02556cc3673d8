"""W3C VC-API ``POST /credentials/issue`` over HTTP: generic and catalog credentials, refusals.

The issuer signs, anchors and receipts what a generic client sends; the verifier service then
verifies it with the receipt on the session chain. Every refusal leaves nothing issued.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from node.credentials import VC_V2_CONTEXT, build_presentation, sign_presentation
from node.credentials.openbadges import EXTENSION_CONTEXT
from node.proofs import OB3_CONTEXT_3_0_3
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import add_operator, auth, new_learner
from tests.e2e.protocols.vcapi_issue.helpers import (
    days,
    issue,
    issued_count,
    new_id,
    receipt_of,
    workshop,
)
from tests.e2e.verifier.conftest import challenge_of


@pytest.fixture
async def client(running_issuer: RunningIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as http:
        yield http


def issuer_did(vc: dict[str, Any]) -> str:
    issuer = vc["issuer"]
    return str(issuer["id"] if isinstance(issuer, dict) else issuer)


@pytest.fixture
async def ours(client: httpx.AsyncClient, running_issuer: RunningIssuer) -> str:
    """The centre's DID, as its credentials name it."""
    learner = await new_learner()
    issued = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON"},
        headers=auth(running_issuer.admin_key),
    )
    assert issued.status_code == 201, issued.text
    return issuer_did(issued.json()["credential"])


def proofs(vc: dict[str, Any]) -> list[dict[str, Any]]:
    proof = vc["proof"]
    return proof if isinstance(proof, list) else [proof]


async def verified(
    http: httpx.AsyncClient, verifier_url: str, vc: dict[str, Any], receipt: dict[str, Any]
) -> dict[str, Any]:
    """The verifier service's VC-API answer, which must be 200 with its receipt holding."""
    answer = await http.post(
        f"{verifier_url}/credentials/verify", json={"verifiableCredential": vc, "receipt": receipt}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["verified"] and body["errors"] == []
    checks = {c["name"]: c["status"] for c in body["report"]["checks"]}
    for name in (
        "structure", "schema", "signature", "receipt", "issuer-binding", "accreditation",
        "status", "validity",
    ):  # fmt: skip
        assert checks[name] == "passed", (name, body["report"])
    # a generic credential of an accredited centre, anchored here: valid, earning no credits
    assert body["verdict"] == "valid", body
    return body


async def test_a_generic_vc2_credential_is_issued_as_given_anchored_and_verified(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, http: httpx.AsyncClient,
    verifier_url: str, ours: str,
) -> None:  # fmt: skip
    learner = await new_learner()
    asked_id, valid_from, valid_until = new_id(), days(-1), days(365)
    credential = workshop(
        learner.did,
        id=asked_id,
        validFrom=valid_from,
        validUntil=valid_until,
        issuer={"id": ours, "name": "Ladder Safety Centre"},
    )
    response = await issue(client, running_issuer.admin_key, credential, options={})
    assert response.status_code == 201, response.text
    vc = response.json()["verifiableCredential"]
    assert set(response.json()) == {"verifiableCredential"}
    # kept as given, never replaced
    assert (vc["id"], vc["validFrom"], vc["validUntil"]) == (asked_id, valid_from, valid_until)
    assert vc["issuer"] == credential["issuer"]
    assert vc["credentialSubject"] == credential["credentialSubject"]
    assert vc["type"] == credential["type"]
    assert vc["@context"] == credential["@context"]
    # VC 2.0 by its own @context: a Data Integrity proof, eddsa-rdfc-2022, as one object
    # (VC-API conformance suites read ``proof`` as an object)
    proof = vc["proof"]
    assert isinstance(proof, dict)
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-rdfc-2022")
    assert vc["credentialStatus"]["type"] == "BitstringStatusListEntry"

    receipt = await receipt_of(client, running_issuer.admin_key, asked_id)
    body = await verified(http, verifier_url, vc, receipt)
    assert body["report"]["credential_id"] == asked_id

    again = await issue(client, running_issuer.admin_key, credential)
    assert again.status_code == 409 and again.json()["code"] == "CREDENTIAL_ID_TAKEN"


async def test_a_generic_vc11_credential_keeps_its_data_model(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, http: httpx.AsyncClient,
    verifier_url: str, ours: str,
) -> None:  # fmt: skip
    learner = await new_learner()
    issued_on, expires = days(-2), days(30)
    credential = workshop(learner.did, vc2=False, issuanceDate=issued_on, expirationDate=expires)
    response = await issue(client, running_issuer.admin_key, credential)
    assert response.status_code == 201, response.text
    vc = response.json()["verifiableCredential"]
    assert (vc["issuanceDate"], vc["expirationDate"]) == (issued_on, expires)
    assert "validFrom" not in vc and vc["id"].startswith("urn:uuid:")
    assert issuer_did(vc) == ours
    [proof] = proofs(vc)
    assert proof["type"] == "Ed25519Signature2020"
    assert vc["credentialStatus"]["type"] == "StatusList2021Entry"

    receipt = await receipt_of(client, running_issuer.admin_key, vc["id"])
    await verified(http, verifier_url, vc, receipt)

    # managed like any credential of ours: revoked on chain, and the verifier sees it
    revoked = await client.post(
        f"/credentials/{vc['id']}/revoke",
        json={"reason": 1},
        headers=auth(running_issuer.admin_key),
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked", revoked.text
    answer = await http.post(
        f"{verifier_url}/credentials/verify", json={"verifiableCredential": vc, "receipt": receipt}
    )
    assert answer.status_code == 422
    assert [e["check"] for e in answer.json()["errors"]] == ["credentialStatus"]


async def test_a_catalog_credential_is_built_from_the_catalog_keeping_what_was_asked(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, http: httpx.AsyncClient,
    verifier_url: str, ours: str,
) -> None:  # fmt: skip
    learner = await new_learner()
    asked_id, valid_from, valid_until = new_id(), days(-1), days(400)
    credential = {
        "@context": [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3, EXTENSION_CONTEXT],
        "id": asked_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": ours,
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": {
            "id": learner.did,
            "type": ["AchievementSubject"],
            "achievement": {
                "type": ["Achievement"],
                "humanCode": "1X-WFED",
                "skillGrade": "primary",
            },
            "creditsEarned": 3.5,
        },
    }
    response = await issue(client, running_issuer.admin_key, credential)
    assert response.status_code == 201, response.text
    vc = response.json()["verifiableCredential"]
    assert (vc["id"], vc["validFrom"], vc["validUntil"]) == (asked_id, valid_from, valid_until)
    achievement = vc["credentialSubject"]["achievement"]
    assert achievement["qualificationLevel"] == 3 and achievement["creditSystem"] == "CB"
    assert vc["credentialSubject"]["creditsEarned"] == 3.5
    receipt = await receipt_of(client, running_issuer.admin_key, asked_id)
    body = await verified(http, verifier_url, vc, receipt)
    assert body["verdict"] == "valid"

    over = {**credential, "id": new_id()}
    over["credentialSubject"] = {**credential["credentialSubject"], "creditsEarned": 99}
    refused = await issue(client, running_issuer.admin_key, over)
    assert refused.status_code == 422 and "exceeds" in refused.json()["detail"]
    rewritten = {**credential, "id": new_id(), "validFrom": "2026-01-01T08:00:00+08:00"}
    refused = await issue(client, running_issuer.admin_key, rewritten)
    assert refused.status_code == 422 and refused.json()["code"] == "VALIDITY_INVALID"
    assert "2026-01-01T00:00:00Z" in refused.json()["detail"]
    unknown = {**credential, "id": new_id()}
    unknown["credentialSubject"] = {
        **credential["credentialSubject"],
        "achievement": {"type": ["Achievement"], "humanCode": "NOT-IN-CATALOG"},
    }
    refused = await issue(client, running_issuer.admin_key, unknown)
    assert refused.status_code == 422 and refused.json()["code"] == "UNKNOWN_STANDARD"


async def test_a_generic_credentials_typed_credits_count_for_nothing(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, http: httpx.AsyncClient,
    verifier_url: str,
) -> None:  # fmt: skip
    learner = await new_learner()
    admin = running_issuer.admin_key
    certified = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON"},
        headers=auth(admin),
    )
    assert certified.status_code == 201, certified.text
    generic = await issue(client, admin, workshop(learner.did))
    assert generic.status_code == 201, generic.text
    credentials = [certified.json()["credential"], generic.json()["verifiableCredential"]]
    assert credentials[1]["credentialSubject"]["creditsEarned"] == 30
    receipts = [await receipt_of(client, admin, vc["id"]) for vc in credentials]

    asked = await challenge_of(http, verifier_url)
    vp = await sign_presentation(
        build_presentation(credentials, learner.did),
        learner,
        challenge=asked["challenge"],
        domain=asked["domain"],
    )
    answer = await http.post(
        f"{verifier_url}/presentations/verify",
        json={
            "verifiablePresentation": vp,
            "options": {"challenge": asked["challenge"], "domain": asked["domain"]},
            "receipts": receipts,
        },
    )
    assert answer.status_code == 200, answer.text
    summary = answer.json()["report"]["credit_summary"]
    # only the catalog outcome counts: 4 college credits, none of the typed 30
    assert summary["by_credit_system"] == {"CN-college": "4"}, summary
    lines = {line["credential_id"]: line for line in summary["credentials"]}
    typed = lines[credentials[1]["id"]]
    assert typed["counted"] is False and typed["class"] == "generic", typed
    assert lines[credentials[0]["id"]]["counted"] is True


async def test_refusals_name_their_reason_and_issue_nothing(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, ours: str
) -> None:
    admin = running_issuer.admin_key
    learner, stranger = await new_learner(), await new_learner()
    before = await issued_count(client, admin)

    async def refused(credential: object, status: int, code: str, **request: Any) -> dict:
        answer = await issue(client, admin, credential, **request)
        assert answer.status_code == status, (credential, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem: dict[str, Any] = answer.json()
        assert problem["code"] == code and problem["type"] == f"urn:creditbank:error:{code}"
        for raw in ("pyld", "didkit", "JsonLdError", "untagged enum", "Traceback"):
            assert raw not in answer.text
        return problem

    # the issuer: absent or ours, nothing else
    for foreign in (
        stranger.did,
        {"id": stranger.did, "name": "Someone Else"},
        {"name": "No id"},
        None,
        4,
        "https://issuer.example",
    ):
        problem = await refused(workshop(learner.did, issuer=foreign), 422, "ISSUER_NOT_ALLOWED")
        assert ours in problem["detail"]
    catalog_foreign = workshop(learner.did, issuer=stranger.did)
    catalog_foreign["credentialSubject"]["achievement"] = {"humanCode": "CRS-PYTHON"}
    await refused(catalog_foreign, 422, "ISSUER_NOT_ALLOWED")

    # the validity period: kept or refused, never replaced
    await refused(
        workshop(learner.did, validFrom=days(10), validUntil=days(5)), 422, "VALIDITY_INVALID"
    )
    await refused(workshop(learner.did, validUntil=days(-1)), 422, "VALIDITY_INVALID")
    await refused(workshop(learner.did, validFrom="next tuesday"), 422, "VALIDITY_INVALID")
    await refused(workshop(learner.did, validFrom="2026-01-01T00:00:00"), 422, "VALIDITY_INVALID")
    problem = await refused(
        workshop(learner.did, issuanceDate=days(0)), 422, "VALIDITY_INVALID"
    )  # a VC 1.1 term in a VC 2.0 credential
    assert "issuanceDate" in problem["detail"]
    await refused(
        workshop(learner.did, vc2=False, expirationDate=days(-3)), 422, "VALIDITY_INVALID"
    )

    # the id: an absolute URI of at most 80 characters
    await refused(workshop(learner.did, id="not a uri"), 422, "CREDENTIAL_ID_INVALID")
    await refused(workshop(learner.did, id="urn:x:" + "a" * 90), 422, "CREDENTIAL_ID_INVALID")

    # safe mode: an undefined term is named
    undefined = workshop(learner.did)
    undefined["credentialSubject"]["shoeSize"] = 44
    problem = await refused(undefined, 422, "UNDEFINED_TERM")
    assert problem["term"] == "shoeSize" and "shoeSize" in problem["detail"]
    untyped = workshop(learner.did, type=["VerifiableCredential", "MysteryCredential"])
    problem = await refused(untyped, 422, "UNDEFINED_TERM")
    assert "MysteryCredential" in problem["detail"]

    # our status entry only
    wrong_status = {"credentialStatus": {"type": "X"}}
    await refused(workshop(learner.did), 422, "CREDENTIAL_INVALID", options=wrong_status)
    await refused(
        workshop(learner.did, credentialStatus={"id": "https://x.example/1"}),
        422,
        "CREDENTIAL_INVALID",
    )
    assert await issued_count(client, admin) == before


async def test_malformed_bodies_are_400(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin = running_issuer.admin_key
    learner = await new_learner()
    before = await issued_count(client, admin)
    good = workshop(learner.did)

    def without(name: str) -> dict[str, Any]:
        return {k: v for k, v in good.items() if k != name}

    bodies: list[object] = [
        [good],
        {"verifiableCredential": good},
        {"credential": good, "options": []},
        {"credential": good, "options": {"proofPurpose": "x"}},
        {"credential": good, "extra": 1},
        {"credential": "text"},
        {"credential": without("@context")},
        {"credential": {**good, "@context": 4}},
        {"credential": {**good, "@context": [{"a": "https://a.example/a"}, 4, False, None]}},
        {"credential": {**good, "@context": ["https://www.w3.org/ns/odrl.jsonld"]}},
        {"credential": without("type")},
        {"credential": {**good, "type": 4}},
        {"credential": {**good, "type": [2, None, {"foo": True}, False]}},
        {"credential": {**good, "type": ["WorkshopCredential"]}},
        {"credential": without("credentialSubject")},
        {"credential": {**good, "credentialSubject": [None, True, 4]}},
        {"credential": {**good, "id": 7}},
        {"credential": {**good, "proof": {"type": "DataIntegrityProof"}}},
    ]
    for body in bodies:
        answer = await client.post("/credentials/issue", json=body, headers=auth(admin))
        assert answer.status_code == 400, (body, answer.text)
        assert answer.json()["code"] == "CREDENTIAL_MALFORMED"
    for raw in (b"{not json", b"", '{"credential": "\xe9"}'.encode("latin-1")):
        answer = await client.post(
            "/credentials/issue",
            content=raw,
            headers={**auth(admin), "Content-Type": "application/json"},
        )
        assert answer.status_code == 400, (raw, answer.text)
    assert await issued_count(client, admin) == before


async def test_only_issuing_operators_may_issue(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin = running_issuer.admin_key
    learner = await new_learner()
    before = await issued_count(client, admin)
    reviewer = await add_operator(
        client, admin, f"rv-{uuid.uuid4().hex[:6]}", "reviewer", ["information-technology"]
    )
    forbidden = await issue(client, reviewer, workshop(learner.did))
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "FORBIDDEN"
    anonymous = await client.post("/credentials/issue", json={"credential": workshop(learner.did)})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "UNAUTHENTICATED"
    assert await issued_count(client, admin) == before
    operator = await add_operator(client, admin, f"op-{uuid.uuid4().hex[:6]}", "operator")
    allowed = await issue(client, operator, workshop(learner.did))
    assert allowed.status_code == 201, allowed.text
    assert await issued_count(client, admin) == before + 1
