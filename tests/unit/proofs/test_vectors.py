"""Published vectors: re-signing gives W3C's proofValue byte for byte; 1EdTech's sample verifies."""

from __future__ import annotations

import pytest

from node.proofs import (
    ASSERTION,
    add_proof,
    decode_multikey,
    resolver_with_documents,
    suite_named,
    verify_proofs,
)

from .helpers import OB3, W3C, WITH_EXAMPLES, copy_of, load, w3c_key

VECTORS = [
    ("eddsa-rdfc-2022_signedDataInt.json", "eddsa-rdfc-2022"),
    ("Ed25519Signature2020_signedEdSig.json", "Ed25519Signature2020"),
]


@pytest.mark.parametrize(("name", "suite"), VECTORS)
def test_resigning_gives_the_published_proof_value(name: str, suite: str) -> None:
    published = load(W3C / name)
    unsigned = {k: v for k, v in published.items() if k != "proof"}
    signed = add_proof(
        unsigned,
        w3c_key(),
        suite_named(suite),
        created=published["proof"]["created"],
        contexts=WITH_EXAMPLES,
    )
    assert signed["proof"] == published["proof"]


@pytest.mark.parametrize(("name", "suite"), VECTORS)
def test_published_vector_verifies_and_a_tampered_copy_fails(name: str, suite: str) -> None:
    published = load(W3C / name)
    result = verify_proofs(published, purpose=ASSERTION, controller=None, contexts=WITH_EXAMPLES)
    assert result.status == "verified"
    assert result.suites == (suite,)
    tampered = copy_of(published)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    result = verify_proofs(tampered, purpose=ASSERTION, controller=None, contexts=WITH_EXAMPLES)
    assert result.status == "failed"
    assert "does not hold" in result.reasons[0]


OB_ISSUER = "https://example.edu/issuers/565049"
OB_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
#: The issuer's key as 1EdTech's implementation guide publishes it (public key hex 4bdeafde…).
OB_CONTROLLER_DOCUMENT = {
    "id": OB_ISSUER,
    "verificationMethod": [
        {
            "id": f"{OB_ISSUER}#{OB_KEY}",
            "type": "Multikey",
            "controller": OB_ISSUER,
            "publicKeyMultibase": OB_KEY,
        }
    ],
    "assertionMethod": [f"{OB_ISSUER}#{OB_KEY}"],
}


def test_the_pinned_key_is_the_one_the_guide_publishes() -> None:
    assert decode_multikey(OB_KEY).hex().startswith("4bdeafde")
    assert decode_multikey(OB_KEY).hex().endswith("cc5a5")


def test_1edtech_implementation_guide_credential_verifies_offline() -> None:
    sample = load(OB3 / "ob3-impl-guide-eddsa-rdfc-2022.signed.json")
    resolver = resolver_with_documents([OB_CONTROLLER_DOCUMENT])
    result = verify_proofs(sample, purpose=ASSERTION, controller=OB_ISSUER, resolver=resolver)
    assert result.status == "verified", result.reasons
    tampered = copy_of(sample)
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    result = verify_proofs(tampered, purpose=ASSERTION, controller=OB_ISSUER, resolver=resolver)
    assert result.status == "failed"


def test_1edtech_sample_without_its_pinned_document_is_unsupported_not_valid() -> None:
    sample = load(OB3 / "ob3-impl-guide-eddsa-rdfc-2022.signed.json")
    result = verify_proofs(sample, purpose=ASSERTION, controller=OB_ISSUER)
    assert result.status == "unsupported"
    assert "only did:key resolves offline" in result.reasons[0]
