"""Both directions against Digital Bazaar's @digitalbazaar/vc under Node, same pinned contexts.

For each format: what we sign verifies there, what it signs verifies here, and a tampered copy
of each is refused by both.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from node.proofs import (
    ASSERTION,
    AUTHENTICATION,
    KeyPair,
    add_proof,
    suite_named,
    verify_proofs,
)
from tests.unit.proofs.helpers import vc2, vc11

from .peer import private_multibase, requires_peer, run

pytestmark = requires_peer

ISSUER = KeyPair.from_seed(bytes(range(100, 132)))
HOLDER = KeyPair.from_seed(bytes(range(150, 182)))
CHALLENGE = "5b1f2c7e-challenge"
DOMAIN = "verifier.creditbank.example"


def ob303_achievement_credential() -> dict[str, Any]:
    """An OB 3.0.3 AchievementCredential with results, alignment, credits and evidence."""
    vc = vc2(ISSUER.did, HOLDER.did)
    vc["type"] = ["VerifiableCredential", "AchievementCredential"]
    vc["validUntil"] = "2031-01-01T00:00:00Z"
    achievement = vc["credentialSubject"]["achievement"]
    achievement.update(
        {
            "achievementType": "Certificate",
            "creditsAvailable": 4,
            "humanCode": "1X-WFED",
            "fieldOfStudy": "Information technology",
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Level 4",
                    "targetUrl": "https://creditbank.example/framework/levels/4",
                    "targetType": "ext:QualificationFrameworkLevel",
                }
            ],
            "resultDescription": [
                {
                    "id": "urn:uuid:9c2b6c1e-1f7a-4d53-8f2e-5e3b7a3c0d11#result",
                    "type": ["ResultDescription"],
                    "name": "Result",
                    "resultType": "LetterGrade",
                }
            ],
        }
    )
    vc["credentialSubject"]["creditsEarned"] = 3.5
    vc["credentialSubject"]["result"] = [
        {
            "type": ["Result"],
            "value": "B",
            "resultDescription": "urn:uuid:9c2b6c1e-1f7a-4d53-8f2e-5e3b7a3c0d11#result",
        }
    ]
    vc["evidence"] = [{"type": ["Evidence"], "narrative": "Practical exam, 2026-01-10"}]
    return vc


CREDENTIALS = {
    "vc11-ed25519signature2020": (lambda: vc11(ISSUER.did, HOLDER.did), "Ed25519Signature2020"),
    "vc20-eddsa-rdfc-2022": (lambda: vc2(ISSUER.did, HOLDER.did), "eddsa-rdfc-2022"),
    "ob303-achievementcredential": (ob303_achievement_credential, "eddsa-rdfc-2022"),
}


def _tamper(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["achievement"]["name"] = "A grander achievement"
    return changed


@pytest.mark.parametrize("case", CREDENTIALS)
def test_credential_both_directions(case: str) -> None:
    build, suite = CREDENTIALS[case]
    ours = add_proof(build(), ISSUER, suite_named(suite), as_list=suite == "eddsa-rdfc-2022")
    assert run({"op": "verify", "kind": "credential", "document": ours})["verified"]
    theirs = run(
        {
            "op": "sign",
            "kind": "credential",
            "suite": suite,
            "document": build(),
            "privateKeyMultibase": private_multibase(ISSUER),
        }
    )["document"]
    result = verify_proofs(theirs, purpose=ASSERTION, controller=ISSUER.did)
    assert result.verified, result.reasons
    assert result.suites == (suite,)
    for signed in (ours, theirs):
        tampered = _tamper(signed)
        answer = run({"op": "verify", "kind": "credential", "document": tampered})
        assert not answer["verified"]
        assert verify_proofs(tampered, purpose=ASSERTION, controller=ISSUER.did).status == "failed"


def _presentation(credential: dict[str, Any], version: int) -> dict[str, Any]:
    contexts = (
        ["https://www.w3.org/ns/credentials/v2"]
        if version == 2
        else [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/suites/ed25519-2020/v1",
        ]
    )
    return {
        "@context": contexts,
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": [credential],
    }


PRESENTATIONS = {
    "vc20-eddsa-rdfc-2022": ("vc20-eddsa-rdfc-2022", 2, "eddsa-rdfc-2022"),
    "vc11-ed25519signature2020": ("vc11-ed25519signature2020", 1, "Ed25519Signature2020"),
}


def _ours_verifies(vp: dict[str, Any]) -> bool:
    result = verify_proofs(
        vp, purpose=AUTHENTICATION, controller=HOLDER.did, challenge=CHALLENGE, domain=DOMAIN
    )
    inside = verify_proofs(vp["verifiableCredential"][0], purpose=ASSERTION, controller=ISSUER.did)
    return result.verified and inside.verified


@pytest.mark.parametrize("case", PRESENTATIONS)
def test_presentation_with_challenge_and_domain_both_directions(case: str) -> None:
    credential_case, version, suite = PRESENTATIONS[case]
    build, credential_suite = CREDENTIALS[credential_case]
    credential = add_proof(build(), ISSUER, suite_named(credential_suite))
    ours = add_proof(
        _presentation(credential, version),
        HOLDER,
        suite_named(suite),
        purpose=AUTHENTICATION,
        challenge=CHALLENGE,
        domain=DOMAIN,
    )
    request = {"op": "verify", "kind": "presentation", "challenge": CHALLENGE, "domain": DOMAIN}
    answer = run({**request, "document": ours})
    assert answer["verified"], answer["errors"]
    theirs = run(
        {
            "op": "sign",
            "kind": "presentation",
            "suite": suite,
            "document": _presentation(credential, version),
            "privateKeyMultibase": private_multibase(HOLDER),
            "challenge": CHALLENGE,
            "domain": DOMAIN,
        }
    )["document"]
    assert _ours_verifies(theirs)
    for signed in (ours, theirs):
        tampered = copy.deepcopy(signed)
        tampered["verifiableCredential"][0]["name"] = "Altered by the holder"
        assert not run({**request, "document": tampered})["verified"]
        assert not _ours_verifies(tampered)
        replayed = run({**request, "document": signed, "challenge": "another-challenge"})
        assert not replayed["verified"]
