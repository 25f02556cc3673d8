from __future__ import annotations

import copy
from typing import Any

import pytest

from node.credentials import (
    CredentialError,
    SigningError,
    SigningKey,
    build_presentation,
    holder_matches_subjects,
    sign_presentation,
    verify_presentation,
)

#: These tests are about the VC 1.1 format (the one didkit also reads).
pytestmark = pytest.mark.usefixtures("vc11_format")

CHALLENGE = "3f1c9a7e-challenge"
DOMAIN = "verifier.creditbank.example"


@pytest.fixture
async def signed_vp(signed_vc: dict[str, Any], learner_key: SigningKey) -> dict[str, Any]:
    """The learner presents their credential to a verifier's challenge."""
    vp = build_presentation([signed_vc], learner_key.did)
    return await sign_presentation(vp, learner_key, challenge=CHALLENGE, domain=DOMAIN)


async def test_presentation_bound_to_challenge_and_domain_verifies(
    signed_vp: dict[str, Any], learner_key: SigningKey
) -> None:
    assert await verify_presentation(signed_vp, challenge=CHALLENGE, domain=DOMAIN) == []
    proof = signed_vp["proof"]
    assert proof["proofPurpose"] == "authentication"
    assert (proof["challenge"], proof["domain"]) == (CHALLENGE, DOMAIN)
    assert proof["verificationMethod"] == learner_key.verification_method
    assert holder_matches_subjects(signed_vp)


@pytest.mark.parametrize(
    ("challenge", "domain"),
    [("another-challenge", DOMAIN), (CHALLENGE, "evil.example"), ("x", "y")],
    ids=["wrong-challenge", "wrong-domain", "both-wrong"],
)
async def test_replayed_or_foreign_presentations_fail(
    signed_vp: dict[str, Any], challenge: str, domain: str
) -> None:
    assert await verify_presentation(signed_vp, challenge=challenge, domain=domain) != []


async def test_editing_the_proofs_challenge_breaks_the_signature(
    signed_vp: dict[str, Any],
) -> None:
    forged = copy.deepcopy(signed_vp)
    forged["proof"]["challenge"] = "verifier-two"
    assert await verify_presentation(forged, challenge="verifier-two", domain=DOMAIN) != []


async def test_tampered_credential_inside_a_valid_presentation_fails(
    signed_vc: dict[str, Any], learner_key: SigningKey
) -> None:
    tampered = copy.deepcopy(signed_vc)
    tampered["credentialSubject"]["creditsEarned"] = 40
    vp = build_presentation([tampered], learner_key.did)
    signed = await sign_presentation(vp, learner_key, challenge=CHALLENGE, domain=DOMAIN)
    assert await verify_presentation(signed, challenge=CHALLENGE, domain=DOMAIN) != []


async def test_someone_elses_credential_fails_holder_binding(signed_vc: dict[str, Any]) -> None:
    thief = await SigningKey.create()
    vp = build_presentation([signed_vc], thief.did)
    signed = await sign_presentation(vp, thief, challenge=CHALLENGE, domain=DOMAIN)
    # Every signature is genuine, so the proof check alone passes ...
    assert await verify_presentation(signed, challenge=CHALLENGE, domain=DOMAIN) == []
    # ... and only the holder binding catches that the subject is someone else.
    assert not holder_matches_subjects(signed)


async def test_a_key_cannot_sign_for_another_holder(
    signed_vc: dict[str, Any], learner_key: SigningKey
) -> None:
    thief = await SigningKey.create()
    vp = build_presentation([signed_vc], learner_key.did)
    with pytest.raises(SigningError):
        await sign_presentation(vp, thief, challenge=CHALLENGE, domain=DOMAIN)


async def test_holder_binding_fails_closed_on_odd_shapes(signed_vp: dict[str, Any]) -> None:
    cases: list[Any] = [
        [],
        {},
        {**signed_vp, "holder": None},
        {**signed_vp, "verifiableCredential": []},
        {**signed_vp, "proof": None},
        {**signed_vp, "proof": {**signed_vp["proof"], "verificationMethod": "did:key:other#x"}},
        {**signed_vp, "verifiableCredential": [{"credentialSubject": [{"id": "x"}]}]},
    ]
    for case in cases:
        assert not holder_matches_subjects(case)


async def test_presentation_without_challenge_or_domain_is_refused(
    signed_vp: dict[str, Any], learner_key: SigningKey, signed_vc: dict[str, Any]
) -> None:
    with pytest.raises(CredentialError):
        await verify_presentation(signed_vp, challenge="", domain=DOMAIN)
    with pytest.raises(CredentialError):
        await sign_presentation(
            build_presentation([signed_vc], learner_key.did), learner_key, challenge="", domain=""
        )


@pytest.mark.parametrize("document", [[], "vp", {"type": "VerifiablePresentation"}])
async def test_malformed_presentations_raise_our_error(document: Any) -> None:
    with pytest.raises(CredentialError):
        await verify_presentation(document, challenge=CHALLENGE, domain=DOMAIN)
