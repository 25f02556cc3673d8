"""The employer's verifier over HTTP on a real chain: present, verify, and every bad case."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from node.credentials import SigningKey, build_presentation, sign_presentation
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from tests.e2e.verifier.conftest import Learner, challenge_of


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def failed(report: dict[str, Any]) -> set[str]:
    return {name for name, status in statuses(report).items() if status != "passed"}


async def test_a_candidates_presentation_is_valid_once(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    asked = await challenge_of(http, verifier_url)
    assert asked["domain"] == verifier_url
    package = await learner.wallet.present(
        learner.credential_ids, challenge=asked["challenge"], domain=asked["domain"]
    )

    answer = await http.post(f"{verifier_url}/packages/verify", json=package)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["verdict"] == "valid", report
    assert set(statuses(report).values()) == {"passed"}
    assert report["holder"] == learner.wallet.did
    assert [c["valid"] for c in report["credentials"]] == [True, True]
    assert all(c["status"] == "active" for c in report["credentials"])
    assert report["credit_summary"]["by_credit_system"] == {"CB": "6", "CN-college": "4"}
    for credential in report["credentials"]:
        assert set(statuses(credential)) >= {
            "signature",
            "receipt",
            "issuer-binding",
            "accreditation",
            "status",
            "validity",
        }

    replayed = (await http.post(f"{verifier_url}/packages/verify", json=package)).json()
    assert replayed["verdict"] == "invalid"
    assert failed(replayed) == {"challenge"}

    # The VC-API route, with a second fresh challenge.
    again = await challenge_of(http, verifier_url)
    package = await learner.wallet.present(
        learner.credential_ids[:1], challenge=again["challenge"], domain=again["domain"]
    )
    vc_api = await http.post(
        f"{verifier_url}/presentations/verify",
        json={
            "verifiablePresentation": package["verifiablePresentation"],
            "options": {"challenge": again["challenge"], "domain": again["domain"]},
            "receipts": package["receipts"],
        },
    )
    assert vc_api.status_code == 200 and vc_api.json()["verdict"] == "valid", vc_api.text


async def test_one_credential_with_its_receipt_and_tampering(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    first, second = (learner.wallet.get(i) for i in learner.credential_ids)

    async def verify(vc: object, receipt: object) -> dict[str, Any]:
        """The report, with the bank's verdict; VC-API's status follows the default checks."""
        answer = await http.post(
            f"{verifier_url}/credentials/verify",
            json={"verifiableCredential": vc, "receipt": receipt},
        )
        body = answer.json()
        proof_holds = "proof" in body["checks"]
        assert answer.status_code == (200 if proof_holds and not body["errors"] else 422)
        return {**body["report"], "verdict": body["verdict"], "vcapi": body}

    good = await verify(first.credential, first.receipt)
    assert good["verdict"] == "valid" and good["summary"]["standard_code"] == "1X-WFED"
    assert good["vcapi"]["checks"] == ["proof", "validity", "credentialStatus"]

    raised = copy.deepcopy(first.credential)
    raised["credentialSubject"]["result"] = [{"type": ["Result"], "value": "Distinction"}]
    assert {"signature", "receipt"} <= failed(await verify(raised, first.receipt))

    forged = copy.deepcopy(first.credential)
    proof = forged["proof"][0] if isinstance(forged["proof"], list) else forged["proof"]
    proof["proofValue"] = "z" + "1" * 86
    assert "signature" in failed(await verify(forged, first.receipt))

    swapped = await verify(first.credential, second.receipt)
    assert failed(swapped) >= {"receipt"} and swapped["verdict"] == "invalid"

    bent = copy.deepcopy(first.receipt)
    assert bent is not None
    bent["path"] = list(reversed(bent["path"])) + ["0x" + "00" * 32]
    assert "receipt" in failed(await verify(first.credential, bent))

    missing = await verify(first.credential, None)
    # genuine, by an issuer accredited here, but nothing shows it was anchored
    assert "receipt" in failed(missing) and missing["verdict"] == "not-anchored"
    assert missing["vcapi"]["verified"] and {"proof", "validity"} <= set(missing["vcapi"]["checks"])


async def test_foreign_domain_and_someone_elses_signature(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    asked = await challenge_of(http, verifier_url)
    foreign = await learner.wallet.present(
        learner.credential_ids, challenge=asked["challenge"], domain="https://other.example"
    )
    report = (await http.post(f"{verifier_url}/packages/verify", json=foreign)).json()
    assert report["verdict"] == "invalid" and "domain" in failed(report)

    # Someone else presents the learner's credentials under their own key.

    thief = await SigningKey.create()
    asked = await challenge_of(http, verifier_url)
    held = [learner.wallet.get(i) for i in learner.credential_ids]
    vp = await sign_presentation(
        build_presentation([c.credential for c in held], thief.did),
        thief,
        challenge=asked["challenge"],
        domain=asked["domain"],
    )
    stolen = {
        "type": "CreditBankPresentation",
        "verifiablePresentation": vp,
        "receipts": [c.receipt for c in held],
        "challenge": asked["challenge"],
        "domain": asked["domain"],
    }
    report = (await http.post(f"{verifier_url}/packages/verify", json=stolen)).json()
    assert report["verdict"] == "invalid"
    assert failed(report) == {"holder-binding"}


async def test_revoked_and_suspended_credentials_fail_status(
    http: httpx.AsyncClient,
    verifier_url: str,
    learner: Learner,
    running_issuer: RunningIssuer,
) -> None:
    web, course = learner.credential_ids
    for credential_id, action in ((web, "revoke"), (course, "suspend")):
        done = await http.post(
            f"{running_issuer.url}/credentials/{credential_id}/{action}",
            json={"reason": 1},
            headers=auth(running_issuer.admin_key),
        )
        assert done.status_code == 200, done.text
    asked = await challenge_of(http, verifier_url)
    package = await learner.wallet.present(
        learner.credential_ids, challenge=asked["challenge"], domain=asked["domain"]
    )
    report = (await http.post(f"{verifier_url}/packages/verify", json=package)).json()
    assert report["verdict"] == "invalid"
    assert [c["status"] for c in report["credentials"]] == ["revoked", "suspended"]
    assert all(failed(c) == {"status"} for c in report["credentials"])
    assert report["credit_summary"]["by_credit_system"] == {}


async def test_bad_bodies_get_clear_answers(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    malformed = await http.post(
        f"{verifier_url}/presentations/verify",
        content=b'{"verifiablePresentation": ',
        headers={"content-type": "application/json"},
    )
    assert malformed.status_code == 422
    assert malformed.headers["content-type"].startswith("application/problem+json")
    assert malformed.json()["code"]

    huge = await http.post(
        f"{verifier_url}/credentials/verify",
        content=b'{"x": "' + b"a" * 300_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413
    assert huge.json()["code"] == "PAYLOAD_TOO_LARGE"

    crowded = await http.post(f"{verifier_url}/", data={f"f{i}": "x" for i in range(11)})
    assert crowded.status_code == 400 and "too many fields" in crowded.text  # once a 500

    for body in ([], "text", 7, {"verifiablePresentation": "no"}):
        answer = await http.post(f"{verifier_url}/presentations/verify", json=body)
        assert answer.status_code == 422
        assert answer.json()["verdict"] == "invalid" and answer.json()["errors"]

    # A signed credential moved to the other data model is never valid.
    held = learner.wallet.get(learner.credential_ids[0])
    moved = copy.deepcopy(held.credential)
    v1, v2 = "https://www.w3.org/2018/credentials/v1", "https://www.w3.org/ns/credentials/v2"
    moved["@context"][0] = v2 if moved["@context"][0] == v1 else v1
    answer = await http.post(
        f"{verifier_url}/credentials/verify",
        json={"verifiableCredential": moved, "receipt": held.receipt},
    )
    assert answer.status_code == 422 and answer.json()["verdict"] == "invalid"
    assert {"supported", "signature"} & failed(answer.json()["report"])

    # Nothing already accepted was lost: the candidate's own presentation still verifies.
    asked = await challenge_of(http, verifier_url)
    package = await learner.wallet.present(
        learner.credential_ids, challenge=asked["challenge"], domain=asked["domain"]
    )
    assert (await http.post(f"{verifier_url}/packages/verify", json=package)).json()[
        "verdict"
    ] == "valid"
