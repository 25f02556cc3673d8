"""The engine against a real chain and didkit: one credential at a time."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from node.chain import ChainClient, RegistryClient
from node.credentials import SigningKey
from node.ledger import Ledger
from node.types import to_bytes32
from node.verification import CREDENTIAL_CHECKS, CheckStatus, CredentialReport, Verifier
from tests.conftest import free_port
from tests.integration.verification.anchoring import FRAMEWORK, OwnIssuer, accredit, sign

#: Published vectors and schemas, vendored with their sources (tests/vectors/SOURCES.md).
VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def statuses(report: CredentialReport) -> dict[str, CheckStatus]:
    return {c.name: c.status for c in report.checks}


def failed(report: CredentialReport) -> set[str]:
    return {c.name for c in report.checks if c.status is CheckStatus.FAILED}


def reason(report: CredentialReport, name: str) -> str:
    check = report.check(name)
    assert check is not None
    return check.reason


async def issued(
    ledger: Ledger, issuer: OwnIssuer, learner: SigningKey, **kwargs: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    vc = await sign(issuer, learner.did, **kwargs)
    _, (receipt,) = await ledger.anchor_credentials(issuer.account, [vc], issuer.scope)
    return vc, receipt


async def test_an_anchored_credential_of_an_accredited_issuer_is_valid(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    report = await verifier.verify_credential(vc, receipt)
    assert [c.name for c in report.checks] == list(CREDENTIAL_CHECKS)
    assert report.valid, report.to_json()
    assert report.status == "active"
    assert report.issuer == issuer.key.did and report.subject == learner.did
    assert report.credential_hash == receipt["credentialHash"]
    assert report.summary == {
        "standard_code": "T-INFO-4",
        "name": "Test outcome in information-technology",
        "field": "information-technology",
        "field_name": "Information Technology",
        "outcome_type": "skill_certificate",
        "achievement_type": "Certificate",
        "credit_system": "CB",
        "level": 4,
        "credits_earned": 4.5,
        "credits_available": 4.5,
    }
    assert json.loads(json.dumps(report.to_json()))["valid"] is True


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "creditsEarned"), 4),
        (("credentialSubject", "achievement", "qualificationLevel"), 5),
        (("issuanceDate",), "2020-01-01T00:00:00Z"),
        (("credentialSubject", "id"), "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
    ],
)
async def test_a_tampered_field_breaks_signature_and_receipt(
    ledger: Ledger,
    verifier: Verifier,
    issuer: OwnIssuer,
    learner: SigningKey,
    path: tuple[str, ...],
    value: object,
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    tampered = copy.deepcopy(vc)
    target = tampered
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    report = await verifier.verify_credential(tampered, receipt)
    assert not report.valid
    assert {"signature", "receipt"} <= failed(report)
    assert "does not hold" in reason(report, "signature")
    assert "another credential" in reason(report, "receipt")


async def test_a_tampered_proof_fails_the_signature(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    tampered = copy.deepcopy(vc)
    proof = tampered["proof"][0] if isinstance(tampered["proof"], list) else tampered["proof"]
    value = proof["proofValue"]
    proof["proofValue"] = value[:-4] + ("1111" if value[-4:] != "1111" else "2222")
    report = await verifier.verify_credential(tampered, receipt)
    assert "signature" in failed(report) and not report.valid


async def test_a_proof_by_another_key_fails_the_signature(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    forged = await sign(issuer, learner.did)
    forged["proof"] = vc["proof"]  # a valid proof of another document
    report = await verifier.verify_credential(forged, receipt)
    assert "signature" in failed(report)


async def test_tampered_receipts_fail_the_receipt_check(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    first = await sign(issuer, learner.did)
    second = await sign(issuer, learner.did)
    _, receipts = await ledger.anchor_credentials(issuer.account, [first, second], issuer.scope)
    good = receipts[0]
    cases: dict[str, tuple[dict[str, Any], str]] = {
        "path": ({**good, "path": ["0x" + "11" * 32]}, "Merkle path"),
        "root": ({**good, "root": "0x" + "22" * 32}, "Merkle path"),
        "no path": ({**good, "path": []}, "Merkle path"),
        "chain": ({**good, "chainId": 1}, "chain 1"),
        "registry": ({**good, "registry": "0x" + "33" * 20}, "registry"),
        "block": ({**good, "blockNumber": good["blockNumber"] + 1}, "block"),
        "swapped": (receipts[1], "another credential"),
        "garbage": ({"root": 7}, "malformed"),
        "not an object": (["0x00"], "not a JSON object"),  # type: ignore[dict-item]
        "none": (None, "no anchor receipt"),  # type: ignore[dict-item]
    }
    for name, (receipt, expected) in cases.items():
        report = await verifier.verify_credential(first, receipt)
        assert statuses(report)["receipt"] is CheckStatus.FAILED, name
        assert expected in reason(report, "receipt"), (name, reason(report, "receipt"))
        for later in ("issuer-binding", "accreditation", "status"):
            assert statuses(report)[later] is CheckStatus.COULD_NOT_CHECK, (name, later)
        assert not report.valid and report.status == "unknown"
    assert (await verifier.verify_credential(first, good)).valid


async def test_a_root_nobody_anchored_is_not_on_chain(
    ledger: Ledger, verifier: Verifier, learner: SigningKey
) -> None:
    unaccredited = OwnIssuer(await SigningKey.create(), None, None)  # type: ignore[arg-type]
    vc = await sign(unaccredited, learner.did)
    from node.chain import AnchorReceipt
    from node.credentials import credential_hash
    from node.merkle import MerkleTree

    tree = MerkleTree([credential_hash(vc)])
    receipt = AnchorReceipt(
        ledger.client.chain_id,
        ledger.deployment.address,
        tree.root,
        credential_hash(vc),
        (),
        "0x" + "00" * 32,
        1,
    ).to_json()
    report = await verifier.verify_credential(vc, receipt)
    assert statuses(report)["signature"] is CheckStatus.PASSED
    assert "never anchored" in reason(report, "receipt")
    no_receipt = await verifier.verify_credential(vc, None)
    assert "no anchor receipt" in reason(no_receipt, "receipt")
    assert not report.valid and not no_receipt.valid


async def test_an_account_accredited_for_another_did_fails_issuer_binding(
    ledger: Ledger, verifier: Verifier, learner: SigningKey
) -> None:
    impostor = await accredit(ledger, await SigningKey.create(), did="did:key:someone-else")
    vc, receipt = await issued(ledger, impostor, learner)
    report = await verifier.verify_credential(vc, receipt)
    assert failed(report) == {"issuer-binding"}
    assert "another DID" in reason(report, "issuer-binding")


async def test_a_credential_outside_the_issuers_scope_fails_accreditation(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    for kwargs, what in [
        ({"field": "logistics"}, "logistics"),
        ({"level": 6}, "level 6"),
        ({"kind": "training"}, "training"),
    ]:
        vc, receipt = await issued(ledger, issuer, learner, **kwargs)
        report = await verifier.verify_credential(vc, receipt)
        assert failed(report) == {"accreditation"}, report.to_json()
        assert what in reason(report, "accreditation")
        assert "not for this scope" in reason(report, "accreditation")


async def test_revoked_and_suspended_credentials_fail_status(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    revoked, suspended = await sign(issuer, learner.did), await sign(issuer, learner.did)
    _, receipts = await ledger.anchor_credentials(
        issuer.account, [revoked, suspended], issuer.scope
    )
    for receipt, action in zip(receipts, ("revoke", "suspend"), strict=True):
        root, leaf = to_bytes32(receipt["root"]), to_bytes32(receipt["credentialHash"])
        path = [to_bytes32(p) for p in receipt["path"]]
        await getattr(ledger.registry, action)(issuer.account, root, leaf, path, 3)
    report = await verifier.verify_credential(revoked, receipts[0])
    assert failed(report) == {"status"} and report.status == "revoked"
    assert reason(report, "status").startswith("revoked (reason 3)")
    report = await verifier.verify_credential(suspended, receipts[1])
    assert failed(report) == {"status"} and report.status == "suspended"
    assert reason(report, "status").startswith("suspended")
    await ledger.registry.lift_suspension(issuer.account, to_bytes32(receipts[1]["credentialHash"]))
    assert (await verifier.verify_credential(suspended, receipts[1])).valid


async def test_expired_and_future_credentials_fail_validity(
    ledger: Ledger, issuer: OwnIssuer, learner: SigningKey
) -> None:
    now = datetime.now(UTC)
    vc, receipt = await issued(
        ledger,
        issuer,
        learner,
        issued_on=now - timedelta(days=400),
        valid_until=now - timedelta(days=1),
    )
    report = await Verifier(ledger.registry, framework=FRAMEWORK).verify_credential(vc, receipt)
    assert failed(report) == {"validity"} and "expired" in reason(report, "validity")
    fresh, fresh_receipt = await issued(
        ledger, issuer, learner, valid_until=now + timedelta(days=30)
    )
    assert (
        await Verifier(ledger.registry, framework=FRAMEWORK).verify_credential(fresh, fresh_receipt)
    ).valid
    later = Verifier(ledger.registry, framework=FRAMEWORK, clock=lambda: now + timedelta(days=31))
    assert failed(await later.verify_credential(fresh, fresh_receipt)) == {"validity"}
    earlier = Verifier(ledger.registry, framework=FRAMEWORK, clock=lambda: now - timedelta(days=30))
    report = await earlier.verify_credential(fresh, fresh_receipt)
    assert "in the future" in reason(report, "validity")  # issuanceDate or validFrom


async def test_a_dead_chain_node_makes_ledger_checks_could_not_check(
    ledger: Ledger, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    dead_url = f"http://127.0.0.1:{free_port()}"
    client = ChainClient([dead_url], ledger.client.chain_id, retries=1, backoff=0.01)
    try:
        dead = Verifier(
            RegistryClient(client, ledger.txm, ledger.registry.address), framework=FRAMEWORK
        )
        report = await dead.verify_credential(vc, receipt)
    finally:
        await client.close()
    assert not report.valid and report.status == "unknown"
    receipt_check = report.check("receipt")
    assert receipt_check is not None
    assert receipt_check.status is CheckStatus.COULD_NOT_CHECK
    assert dead_url in receipt_check.reason
    assert statuses(report)["signature"] is CheckStatus.PASSED
    assert all(
        statuses(report)[name] is CheckStatus.COULD_NOT_CHECK
        for name in ("issuer-binding", "accreditation", "status")
    )


@pytest.mark.skipif(not VECTORS.is_dir(), reason="shared/vc-test-vectors not present")
@pytest.mark.parametrize(
    "name",
    [
        "w3c-vc-di-eddsa/Ed25519Signature2020_signedEdSig.json",
        "w3c-vc-di-eddsa/eddsa-rdfc-2022_signedDataInt.json",
        "w3c-vc-di-eddsa/eddsa-jcs-2022_signedJCS.json",
        "1edtech-ob3/ob3-impl-guide-eddsa-rdfc-2022.signed.json",
    ],
)
async def test_third_party_vc2_vectors_are_unsupported_never_valid(
    verifier: Verifier, name: str
) -> None:
    vector = json.loads((VECTORS / name).read_text("utf-8"))
    report = await verifier.verify_credential(vector, None)
    assert not report.valid
    assert reason(report, "supported").startswith("unsupported: ")
    # not a did:key issuer, or a context outside the pinned set: never fetched, never valid
    assert "did:key" in reason(report, "supported") or "pinned" in reason(report, "supported")
    assert statuses(report)["signature"] is CheckStatus.COULD_NOT_CHECK


async def test_a_did_web_issuer_is_unsupported(
    ledger: Ledger, verifier: Verifier, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc, receipt = await issued(ledger, issuer, learner)
    vc["issuer"]["id"] = "did:web:college.example"
    report = await verifier.verify_credential(vc, receipt)
    assert reason(report, "supported").startswith("unsupported: ")
    assert "did:web" in reason(report, "supported")
