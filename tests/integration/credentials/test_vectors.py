"""Third-party vectors (shared/vc-test-vectors) through node.credentials: a clear reason each.

The proof layer itself reproduces and verifies them (tests/unit/proofs/test_vectors.py). Here,
as the issuer and verifier see them, they are "unsupported" (an issuer that is not a did:key,
a context outside the pinned set), never valid and never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import didkit  # only to record what didkit itself says about the W3C vector
import pytest

from node.credentials import (
    SchemaError,
    UnsupportedCredentialError,
    validate_ob3,
    verify_credential,
    verify_presentation,
)

#: shared/ sits beside the repository's work tree (as in CI).
VECTORS = Path(__file__).resolve().parents[2] / "vectors"

pytestmark = pytest.mark.skipif(not VECTORS.is_dir(), reason="shared/vc-test-vectors not present")


def load(name: str) -> dict[str, Any]:
    vector: dict[str, Any] = json.loads((VECTORS / name).read_text("utf-8"))
    return vector


UNSUPPORTED = {
    "w3c-vc-di-eddsa/Ed25519Signature2020_signedEdSig.json": "examples/v2",
    "w3c-vc-di-eddsa/eddsa-rdfc-2022_signedDataInt.json": "examples/v2",
    "w3c-vc-di-eddsa/eddsa-jcs-2022_signedJCS.json": "examples/v2",
    "w3c-vc-di-eddsa/eddsa-rdfc-2022_employ_signedDataInt.json": "citizenship",
    "1edtech-ob3/ob3-impl-guide-eddsa-rdfc-2022.signed.json": "issuer is not a DID",
}


@pytest.mark.parametrize("name", UNSUPPORTED, ids=[n.split("/")[1] for n in UNSUPPORTED])
async def test_foreign_vectors_are_reported_unsupported(name: str) -> None:
    with pytest.raises(UnsupportedCredentialError, match=UNSUPPORTED[name]) as caught:
        await verify_credential(load(name))
    assert caught.value.code == "CREDENTIAL_UNSUPPORTED"
    assert caught.value.http_status == 422


async def test_an_unknown_cryptosuite_is_named_in_the_reason() -> None:
    vector = load("w3c-vc-di-eddsa/eddsa-jcs-2022_signedJCS.json")
    vector["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    vector["issuer"] = vector["proof"]["verificationMethod"].split("#")[0]
    with pytest.raises(UnsupportedCredentialError, match=r"DataIntegrityProof \(eddsa-jcs-2022\)"):
        await verify_credential(vector)


async def test_a_data_integrity_proof_on_vc11_without_its_context_fails() -> None:
    vector = load("w3c-vc-di-eddsa/eddsa-rdfc-2022_signedDataInt.json")
    vector["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    vector["issuer"] = vector["proof"]["verificationMethod"].split("#")[0]
    errors = await verify_credential(vector)
    assert errors and "needs" in errors[0]


async def test_did_web_issuer_is_unsupported() -> None:
    vector = load("w3c-vc-di-eddsa/Ed25519Signature2020_signedEdSig.json")
    vector["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    vector["issuer"] = "did:web:vc.example"
    with pytest.raises(UnsupportedCredentialError, match="did:web"):
        await verify_credential(vector)


async def test_what_didkit_itself_says_about_the_w3c_ed25519signature2020_vector() -> None:
    # didkit 0.3.3 (our test oracle) cannot parse a VC 2.0 @context; this records its answer so
    # an upgrade that changes it is noticed.
    text = (VECTORS / "w3c-vc-di-eddsa/Ed25519Signature2020_signedEdSig.json").read_text()
    with pytest.raises(ValueError, match="Invalid context"):
        await didkit.verify_credential(text, json.dumps({"proofPurpose": "assertionMethod"}))


async def test_a_foreign_vector_inside_a_presentation_is_unsupported(
    signed_vc: dict[str, Any],
) -> None:
    vp = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiablePresentation"],
        "holder": signed_vc["credentialSubject"]["id"],
        "verifiableCredential": [
            signed_vc,
            load("w3c-vc-di-eddsa/Ed25519Signature2020_signedEdSig.json"),
        ],
        "proof": {
            "type": "Ed25519Signature2020",
            "verificationMethod": signed_vc["proof"]["verificationMethod"],
        },
    }
    with pytest.raises(UnsupportedCredentialError):
        await verify_presentation(vp, challenge="c", domain="d")


def test_ob3_impl_guide_vector_fails_the_current_schema_only_on_its_proof() -> None:
    # 1EdTech's own sample carries a single proof object, which the current schema refuses:
    # this is why the schema is only a warning at verification.
    with pytest.raises(SchemaError) as caught:
        validate_ob3(load("1edtech-ob3/ob3-impl-guide-eddsa-rdfc-2022.signed.json"))
    assert [p.split(":")[0] for p in caught.value.problems] == ["$.proof"]
