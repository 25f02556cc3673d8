"""The issuer over HTTP on 127.0.0.1, with a real chain, didkit and IPFS daemon."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from node.chain import AnchorReceipt, CredentialStatus
from node.credentials import credential_hash, validate_ob3, verify_credential
from node.credentials.openbadges import EXTENSION_CONTEXT
from node.ledger import GOVERNOR_KEY, Ledger
from node.merkle import verify_inclusion
from node.types import Bytes32
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import add_operator, auth, new_learner, proof_presentation, redeem


@pytest.fixture
async def client(running_issuer: RunningIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as http:
        yield http


async def anchored(client: httpx.AsyncClient, admin_key: str, credential_id: str) -> dict:
    flush = await client.post("/anchoring/flush", headers=auth(admin_key))
    assert flush.status_code == 200
    response = await client.get(f"/credentials/{credential_id}", headers=auth(admin_key))
    assert response.status_code == 200
    body = response.json()
    assert body["receipt"] is not None
    return body


async def check_on_chain(
    ledger: Ledger, credential: dict, receipt_json: dict, issuer_account: str
) -> None:
    receipt = AnchorReceipt.from_json(receipt_json)
    assert receipt.credential_hash == credential_hash(credential)
    assert verify_inclusion(receipt.root, receipt.credential_hash, receipt.path)
    assert await ledger.registry.verify_inclusion(
        receipt.root, receipt.credential_hash, receipt.path
    )
    batch = await ledger.registry.batch(receipt.root)
    assert batch.issuer == issuer_account and batch.block_number == receipt.block_number


async def test_openapi_and_issuer_metadata(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in (
        "/credentials/issue",
        "/applications",
        "/imports/certificates",
        "/token",
        "/credential",
    ):
        assert path in paths
    meta = (await client.get("/.well-known/openid-credential-issuer")).json()
    assert meta["credential_endpoint"].endswith("/credential")
    assert meta["nonce_endpoint"].endswith("/nonce")


async def test_an_application_is_reviewed_and_issued(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, ledger: Ledger
) -> None:
    admin = running_issuer.admin_key
    it_reviewer = await add_operator(
        client, admin, f"it-{uuid.uuid4().hex[:6]}", "reviewer", ["information-technology"]
    )
    nurse_reviewer = await add_operator(
        client, admin, f"nh-{uuid.uuid4().hex[:6]}", "reviewer", ["nursing-health"]
    )
    learner = await new_learner()
    challenge = (await client.post("/applications/challenge")).json()
    vp = await proof_presentation(learner, challenge["challenge"], challenge["domain"])
    application = {
        "learner_did": learner.did,
        "standard_code": "1X-WFED",
        "grade": "intermediate",
        "result": "Pass with merit",
        "evidence": [
            {"name": "Practical build", "narrative": "Built and deployed a booking site."}
        ],
        "presentation": vp,
    }
    submitted = await client.post("/applications", json=application)
    assert submitted.status_code == 201, submitted.text
    app_id = submitted.json()["id"]
    replay = await client.post("/applications", json=application)
    assert replay.status_code == 401 and replay.json()["code"] == "UNAUTHENTICATED"

    listed = await client.get(
        "/applications", params={"status": "submitted"}, headers=auth(it_reviewer)
    )
    assert app_id in [a["id"] for a in listed.json()]
    hidden = await client.get("/applications", headers=auth(nurse_reviewer))
    assert app_id not in [a["id"] for a in hidden.json()]
    decision = {"decision": "approve", "comment": "Evidence meets the intermediate criteria."}
    wrong_field = await client.post(
        f"/applications/{app_id}/decision", json=decision, headers=auth(nurse_reviewer)
    )
    assert wrong_field.status_code == 403 and wrong_field.json()["code"] == "FORBIDDEN"
    approved = await client.post(
        f"/applications/{app_id}/decision", json=decision, headers=auth(it_reviewer)
    )
    assert approved.status_code == 200, approved.text
    credential_id = approved.json()["credential_id"]
    again = await client.post(
        f"/applications/{app_id}/decision", json=decision, headers=auth(it_reviewer)
    )
    assert again.status_code == 409 and again.json()["code"] == "APPLICATION_ALREADY_DECIDED"

    body = await anchored(client, admin, credential_id)
    credential = body["credential"]
    validate_ob3(credential)
    assert await verify_credential(credential) == []
    subject = credential["credentialSubject"]
    assert subject["id"] == learner.did
    assert subject["achievement"]["humanCode"] == "1X-WFED"
    assert subject["achievement"]["skillGrade"] == "intermediate"
    issuer_account = ledger.account(running_issuer.settings.issuer_key_name).address
    await check_on_chain(ledger, credential, body["receipt"], issuer_account)
    audit = (await client.get("/audit", headers=auth(admin))).json()
    assert any(e["action"] == "application.approved" and e["target"] == str(app_id) for e in audit)

    on_behalf = await client.post(
        "/applications",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON"},
        headers=auth(it_reviewer),
    )
    assert on_behalf.status_code == 201 and on_behalf.json()["submitted_by"].startswith("operator:")
    rejected = await client.post(
        f"/applications/{on_behalf.json()['id']}/decision",
        json={"decision": "reject", "comment": "No transcript attached."},
        headers=auth(it_reviewer),
    )
    assert rejected.status_code == 200 and rejected.json()["credential_id"] is None
    assert rejected.json()["application"]["status"] == "rejected"


async def test_an_offer_is_redeemed_once_by_its_holder(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin, learner, thief = running_issuer.admin_key, await new_learner(), await new_learner()
    issued = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON", "result": "Pass"},
        headers=auth(admin),
    )
    assert issued.status_code == 201, issued.text
    offer = issued.json()["offer"]
    assert offer["link"].startswith("openid-credential-offer://")
    assert "qr_code" not in offer  # drawn by the offer route, not on every issuance
    stolen = await redeem(client, offer["code"], thief, running_issuer.url)
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_proof"
    reused = await client.post(
        "/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": offer["code"],
        },
    )
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

    second = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "CRS-PYTHON"},
        headers=auth(admin),
    )
    await client.post("/anchoring/flush", headers=auth(admin))
    collected = await redeem(client, second.json()["offer"]["code"], learner, running_issuer.url)
    assert collected.status_code == 200, collected.text
    (entry,) = collected.json()["credentials"]
    assert entry["credential"] == second.json()["credential"]
    assert entry["receipt"]["credentialHash"] == second.json()["issued"]["credential_hash"]


async def test_vc_api_issue(client: httpx.AsyncClient, running_issuer: RunningIssuer) -> None:
    learner = await new_learner()
    request = {
        "credential": {
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
                EXTENSION_CONTEXT,  # defines skillGrade
            ],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
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
    }
    response = await client.post(
        "/credentials/issue", json=request, headers=auth(running_issuer.admin_key)
    )
    assert response.status_code == 201, response.text
    vc = response.json()["verifiableCredential"]
    assert vc["credentialSubject"]["creditsEarned"] == 3.5
    assert vc["credentialSubject"]["achievement"]["qualificationLevel"] == 3
    assert await verify_credential(vc) == []

    request["credential"]["credentialSubject"]["undefinedThing"] = "x"
    undefined = await client.post(
        "/credentials/issue", json=request, headers=auth(running_issuer.admin_key)
    )
    assert undefined.status_code == 422 and undefined.json()["code"] == "UNDEFINED_TERM"


async def test_revocation_and_suspension_are_visible_on_chain(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, ledger: Ledger
) -> None:
    admin, learner = running_issuer.admin_key, await new_learner()
    issued = await client.post(
        "/issuance",
        json={"learner_did": learner.did, "standard_code": "1X-WFED", "grade": "advanced"},
        headers=auth(admin),
    )
    credential_id = issued.json()["issued"]["credential_id"]
    await client.post("/anchoring/flush", headers=auth(admin))
    body = (await client.get(f"/credentials/{credential_id}", headers=auth(admin))).json()
    # the credential names its bit in the issuer account's status lists; changes go there
    index = int(body["credential"]["credentialStatus"]["statusListIndex"])
    listed_before = await client.get(
        "/credentials", params={"learner_did": learner.did}, headers=auth(admin)
    )
    root = bytes.fromhex(listed_before.json()[0]["batch_root"][2:])
    account = (await ledger.registry.batch(Bytes32(root))).issuer
    suspended = await client.post(
        f"/credentials/{credential_id}/suspend", json={"reason": 3}, headers=auth(admin)
    )
    assert suspended.status_code == 200, suspended.text
    assert await ledger.registry.index_status(account, index) is CredentialStatus.SUSPENDED
    await client.post(f"/credentials/{credential_id}/reinstate", json={}, headers=auth(admin))
    assert await ledger.registry.index_status(account, index) is CredentialStatus.ACTIVE
    revoked = await client.post(
        f"/credentials/{credential_id}/revoke", json={"reason": 2}, headers=auth(admin)
    )
    assert revoked.json()["status"] == "revoked"
    assert await ledger.registry.index_status(account, index) is CredentialStatus.REVOKED
    listed = await client.get(
        "/credentials", params={"learner_did": learner.did}, headers=auth(admin)
    )
    assert [c["status"] for c in listed.json()] == ["revoked"]


async def test_bad_input_is_refused_with_stable_codes(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, ledger: Ledger
) -> None:
    admin = running_issuer.admin_key
    learner = await new_learner()
    reviewer = await add_operator(
        client, admin, f"rv-{uuid.uuid4().hex[:6]}", "reviewer", ["logistics"]
    )

    async def issue(body: object, key: str | None = admin) -> httpx.Response:
        return await client.post("/issuance", json=body, headers=auth(key) if key else {})

    cases = [
        (
            await issue({"learner_did": learner.did, "standard_code": "NOPE"}),
            422,
            "UNKNOWN_STANDARD",
        ),
        (
            await issue({"learner_did": "did:key:zBAD", "standard_code": "CRS-PYTHON"}),
            422,
            "DID_INVALID",
        ),
        (
            await issue({"learner_did": "did:web:example.com", "standard_code": "CRS-PYTHON"}),
            422,
            "CREDENTIAL_UNSUPPORTED",
        ),
        (
            await issue(
                {"learner_did": learner.did, "standard_code": "1X-WFED", "grade": "master"}
            ),
            422,
            "INVALID_INPUT",
        ),
        (
            await issue({"learner_did": learner.did, "standard_code": "CRS-PYTHON"}, key=reviewer),
            403,
            "FORBIDDEN",
        ),
        (
            await issue({"learner_did": learner.did, "standard_code": "CRS-PYTHON"}, key=None),
            401,
            "UNAUTHENTICATED",
        ),
        (
            await issue(
                {"learner_did": learner.did, "standard_code": "CRS-PYTHON"}, key="cbk_wrong"
            ),
            401,
            "UNAUTHENTICATED",
        ),
        (await issue({"learner_did": learner.did}), 422, "INVALID_INPUT"),
    ]
    malformed = await client.post(
        "/issuance",
        content=b"{not json",
        headers={**auth(admin), "content-type": "application/json"},
    )
    cases.append((malformed, 422, "INVALID_INPUT"))
    huge = await client.post(
        "/imports/certificates",
        content=b"x" * (running_issuer.settings.max_body_bytes + 1),
        headers=auth(admin),
    )
    cases.append((huge, 413, "PAYLOAD_TOO_LARGE"))
    binary = await client.post(
        "/imports/certificates", content=b"\x00\xff\xfe", headers=auth(admin)
    )
    cases.append((binary, 422, "INVALID_INPUT"))
    no_columns = await client.post("/imports/roster", content=b"a,b\n1,2\n", headers=auth(admin))
    cases.append((no_columns, 422, "INVALID_INPUT"))
    for response, status, code in cases:
        assert response.status_code == status, response.text
        problem = response.json()
        assert problem["code"] == code and problem["type"] == f"urn:creditbank:error:{code}"
        assert response.headers["content-type"].startswith("application/problem+json")

    # outside the accreditation in force: suspend the issuer's accreditation, then reinstate
    governor = ledger.account(GOVERNOR_KEY)
    issuer_account = ledger.account(running_issuer.settings.issuer_key_name).address
    await ledger.registry.govern(
        [governor], ledger.registry.encode_action("suspendAccreditation", issuer_account)
    )
    try:
        refused = await issue({"learner_did": learner.did, "standard_code": "CRS-PYTHON"})
        assert refused.status_code == 403 and refused.json()["code"] == "OUT_OF_ACCREDITATION_SCOPE"
    finally:
        await ledger.registry.govern(
            [governor], ledger.registry.encode_action("reinstateAccreditation", issuer_account)
        )
    listed = await client.get(
        "/credentials", params={"learner_did": learner.did}, headers=auth(admin)
    )
    assert listed.json() == []  # nothing half-written


async def test_concurrent_direct_issuances_are_each_issued_once_with_their_own_index(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    """Requests that arrive together are committed as a group; each keeps its own answer."""
    admin = running_issuer.admin_key
    learners = [await new_learner() for _ in range(12)]
    bodies = [
        {"learner_did": learner.did, "standard_code": "CRS-PYTHON", "result": "Pass"}
        for learner in learners
    ]
    bodies.insert(5, {"learner_did": learners[0].did, "standard_code": "NO-SUCH-STANDARD"})
    answers = await asyncio.gather(
        *(client.post("/issuance", json=body, headers=auth(admin)) for body in bodies)
    )
    refused = answers.pop(5)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "UNKNOWN_STANDARD"
    assert [a.status_code for a in answers] == [201] * 12, [a.text for a in answers]
    credentials = [a.json()["credential"] for a in answers]
    assert [c["credentialSubject"]["id"] for c in credentials] == [k.did for k in learners]
    assert len({c["id"] for c in credentials}) == 12
    indexes = {int(c["credentialStatus"]["statusListIndex"]) for c in credentials}
    assert len(indexes) == 12
    codes = [a.json()["offer"]["code"] for a in answers]
    assert len(set(codes)) == 12
    # each offer is the learner's own: the last learner collects the last credential
    await client.post("/anchoring/flush", headers=auth(admin))
    collected = await redeem(client, codes[-1], learners[-1], running_issuer.url)
    assert collected.status_code == 200, collected.text
    (entry,) = collected.json()["credentials"]
    assert entry["credential"] == credentials[-1]
