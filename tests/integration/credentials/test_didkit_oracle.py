"""didkit 0.3.3 as an independent oracle for VC 1.1: what we sign it verifies, and the reverse.

didkit is a test dependency only; no request path calls it.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import didkit
import pytest

from node.credentials import (
    CredentialFormat,
    SigningKey,
    build_credential,
    build_presentation,
    sign_credential,
    sign_presentation,
    verify_credential,
    verify_presentation,
)
from tests.unit.credentials import factories

CHALLENGE = "oracle-challenge"
DOMAIN = "verifier.example"


async def didkit_verify(document: dict[str, Any], **options: str) -> list[str]:
    kind = didkit.verify_presentation if "challenge" in options else didkit.verify_credential
    purpose = "authentication" if "challenge" in options else "assertionMethod"
    result = await kind(json.dumps(document), json.dumps({"proofPurpose": purpose, **options}))
    errors: list[str] = json.loads(result)["errors"]
    return errors


def _vc11(issuer: SigningKey, learner: SigningKey, **award: Any) -> dict[str, Any]:
    return build_credential(
        factories.outcome(),
        factories.award(learner_did=learner.did, **award),
        factories.issuer(issuer.did),
        version=CredentialFormat.VC11,
    )


AWARDS: list[dict[str, Any]] = [
    {},
    {"result": "Ünïcödé \u2028 line separated, NFD: e\u0301"},
    {"result": "_:b0"},
]


@pytest.mark.parametrize("award", AWARDS, ids=["plain", "odd-characters", "blank-node-text"])
async def test_every_vc11_credential_we_sign_verifies_in_didkit(award: dict[str, Any]) -> None:
    issuer, learner = await SigningKey.create(), await SigningKey.create()
    signed = await sign_credential(_vc11(issuer, learner, **award), issuer)
    assert await didkit_verify(signed) == []
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["creditsEarned"] = 1
    assert await didkit_verify(tampered) != []


@pytest.mark.parametrize("award", AWARDS, ids=["plain", "odd-characters", "blank-node-text"])
async def test_every_didkit_signed_credential_verifies_in_ours(award: dict[str, Any]) -> None:
    issuer, learner = await SigningKey.create(), await SigningKey.create()
    options = {
        "proofPurpose": "assertionMethod",
        "verificationMethod": issuer.verification_method,
        "type": "Ed25519Signature2020",
    }
    text = await didkit.issue_credential(
        json.dumps(_vc11(issuer, learner, **award)), json.dumps(options), issuer.jwk
    )
    signed = json.loads(text)
    assert await verify_credential(signed) == []
    signed["name"] = "Renamed"
    assert await verify_credential(signed) != []


async def test_presentations_both_ways_with_challenge_and_domain() -> None:
    issuer, learner = await SigningKey.create(), await SigningKey.create()
    signed = await sign_credential(_vc11(issuer, learner), issuer)
    unsigned = build_presentation([signed], learner.did, version=CredentialFormat.VC11)
    ours = await sign_presentation(unsigned, learner, challenge=CHALLENGE, domain=DOMAIN)
    assert await didkit_verify(ours, challenge=CHALLENGE, domain=DOMAIN) == []
    options = {
        "proofPurpose": "authentication",
        "verificationMethod": learner.verification_method,
        "challenge": CHALLENGE,
        "domain": DOMAIN,
        "type": "Ed25519Signature2020",
    }
    theirs = json.loads(
        await didkit.issue_presentation(json.dumps(unsigned), json.dumps(options), learner.jwk)
    )
    assert await verify_presentation(theirs, challenge=CHALLENGE, domain=DOMAIN) == []
    assert await verify_presentation(theirs, challenge="other", domain=DOMAIN) != []


async def test_didkit_escapes_control_characters_unlike_jsonld_js() -> None:
    # RDFC-1.0 N-Quads write U+0009 as \t and U+007F as \u007F (jsonld.js, pyoxigraph and the
    # W3C vectors agree; tests/integration/interop checks it against jsonld.js). didkit 0.3.3
    # leaves them raw, so such a value cannot be a didkit-verifiable VC 1.1 credential. This
    # records the disagreement so a didkit upgrade that fixes it is noticed.
    issuer, learner = await SigningKey.create(), await SigningKey.create()
    signed = await sign_credential(_vc11(issuer, learner, result="tab\there"), issuer)
    assert await verify_credential(signed) == []
    assert await didkit_verify(signed) != []
