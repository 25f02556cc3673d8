"""A presentation's dataset composed from its credentials' is the straightforward one, exactly.

``SharedDatasets`` expands each embedded credential once and composes the presentation's
dataset from the parts when it can prove that exact; these tests hold the composed canonical
N-Quads to the straightforward path's (expansion of the whole presentation) on drawn and fixed
presentations, check that the shortcut is really taken where it should be, and that it is
declined (and the straightforward path used) where it cannot be proven.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.proofs import (
    ASSERTION,
    AUTHENTICATION,
    KeyPair,
    SharedDatasets,
    add_proof,
    pinned_contexts,
    suite_named,
    verify_proofs,
)
from node.proofs.canon import canonical_nquads
from node.proofs.errors import CredentialError
from node.proofs.rdf import to_dataset
from node.proofs.shared import _NotComposable

from .helpers import vc2, vc11

ISSUER = KeyPair.from_seed(bytes(range(11, 43)))
HOLDER = KeyPair.from_seed(bytes(range(12, 44)))
V2 = "https://www.w3.org/ns/credentials/v2"
CONTEXTS = pinned_contexts()
#: A plain inline context, as our own credentials carry (terms and a typed term, no alias).
INLINE = {
    "grade": {
        "@id": "https://ex.example/ns#grade",
        "@type": "http://www.w3.org/2001/XMLSchema#integer",
    },
    "note": "https://ex.example/ns#note",
    "link": {"@id": "https://ex.example/ns#link", "@type": "@id"},
}
TEXT = st.one_of(
    st.sampled_from(["\x00\x01\t\n", "_:b0", "_:g0", '"q" \\', "<http://x/>", "", "é", "1.5"]),
    st.text(max_size=12),
)
NUMBER = st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False))


def _unsigned(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def _straightforward(vp: dict[str, Any]) -> bytes:
    return canonical_nquads(to_dataset(_unsigned(vp), CONTEXTS))


def _composed(vp: dict[str, Any]) -> bytes:
    return canonical_nquads(SharedDatasets(CONTEXTS)._composed(_unsigned(vp)))


def _proof(draw: st.DrawFn, model: str) -> dict[str, Any]:
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof" if model == "vc2" else "Ed25519Signature2020",
        "created": draw(st.sampled_from(["2026-01-01T00:00:00Z", "not a date"])),
        "verificationMethod": ISSUER.verification_method,
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + draw(st.text("123456789ABCDEFGH", max_size=8)),
    }
    if model == "vc2":
        proof["cryptosuite"] = "eddsa-rdfc-2022"
    return proof


@st.composite
def credential(draw: st.DrawFn, index: int = 0) -> dict[str, Any]:
    """A credential of either data model, pinned contexts only, with drawn values and proofs."""
    model = draw(st.sampled_from(["vc2", "vc11"]))
    document = (vc2 if model == "vc2" else vc11)(ISSUER.did, HOLDER.did)
    document["id"] = f"urn:uuid:00000000-0000-4000-8000-{index:012d}"
    document["name"] = draw(TEXT)
    achievement = document["credentialSubject"]["achievement"]
    achievement["description"] = draw(TEXT)
    if draw(st.booleans()):
        achievement["id"] = document["credentialSubject"]["achievement"]["id"]  # shared IRI
    else:
        del achievement["id"]  # a blank node in each credential
    if draw(st.booleans()):
        document["credentialSubject"]["result"] = [
            {"type": ["Result"], "value": str(draw(NUMBER))} for _ in range(draw(st.integers(0, 2)))
        ]
    if model == "vc2" and draw(st.booleans()):
        document["@context"] = [*document["@context"], INLINE]
        subject = document["credentialSubject"]
        subject["grade"] = draw(NUMBER)
        subject["note"] = draw(TEXT)
        subject["link"] = draw(st.sampled_from(["https://ex.example/a", "urn:x:1", "rel/a"]))
    proofs = [_proof(draw, model) for _ in range(draw(st.integers(1, 2)))]
    document["proof"] = proofs if len(proofs) > 1 or draw(st.booleans()) else proofs[0]
    return document


@st.composite
def presentation(draw: st.DrawFn) -> dict[str, Any]:
    """A VC 2.0 presentation of one to four drawn credentials (some the same twice)."""
    count = draw(st.integers(1, 4))
    credentials = [draw(credential(index=draw(st.integers(0, 2)))) for _ in range(count)]
    if draw(st.booleans()) and credentials:
        credentials.append(copy.deepcopy(credentials[0]))
    vp: dict[str, Any] = {
        "@context": draw(st.sampled_from([[V2], V2])),
        "type": draw(st.sampled_from([["VerifiablePresentation"], "VerifiablePresentation"])),
        "holder": HOLDER.did,
        "verifiableCredential": credentials if len(credentials) > 1 else credentials[0],
    }
    if draw(st.booleans()):
        vp["id"] = "urn:uuid:11111111-0000-4000-8000-000000000000"
    vp["proof"] = {"type": "DataIntegrityProof", "proofPurpose": "authentication"}
    return vp


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentation())
def test_drawn_presentations_compose_to_the_straightforward_dataset(vp: dict[str, Any]) -> None:
    try:
        expected = _straightforward(vp)
    except CredentialError:
        with pytest.raises((CredentialError, _NotComposable)):
            _composed(vp)
        return
    assert _composed(vp) == expected
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == expected


def _signed_presentation(*credentials: dict[str, Any], context: object = None) -> dict[str, Any]:
    suite = suite_named("Ed25519Signature2020" if context else "eddsa-rdfc-2022")
    return add_proof(
        {
            "@context": context or [V2],
            "type": ["VerifiablePresentation"],
            "holder": HOLDER.did,
            "verifiableCredential": list(credentials),
        },
        HOLDER,
        suite,
        purpose=AUTHENTICATION,
        challenge="c",
        domain="https://d.example",
    )


def _signed_vc2(index: int) -> dict[str, Any]:
    document = vc2(ISSUER.did, HOLDER.did)
    document["id"] = f"urn:uuid:00000000-0000-4000-8000-{index:012d}"
    return add_proof(document, ISSUER, suite_named("eddsa-rdfc-2022"), as_list=True)


def test_a_signed_presentation_of_ten_verifies_through_the_shared_datasets() -> None:
    vp = _signed_presentation(*(_signed_vc2(n) for n in range(10)))
    assert _composed(vp) == _straightforward(vp)
    shared = SharedDatasets(CONTEXTS)
    result = verify_proofs(
        vp,
        purpose=AUTHENTICATION,
        controller=HOLDER.did,
        challenge="c",
        domain="https://d.example",
        shared=shared,
    )
    assert result.verified, result.reasons
    for vc in vp["verifiableCredential"]:
        own = verify_proofs(vc, purpose=ASSERTION, controller=ISSUER.did, shared=shared)
        assert own.verified, own.reasons
    assert len(shared._unsigned) == 10  # each credential expanded once, for both proofs
    assert all(shared.checked_part(vc) is vc for vc in vp["verifiableCredential"])


def test_a_changed_credential_breaks_the_presentation_proof_through_the_shortcut() -> None:
    vp = _signed_presentation(_signed_vc2(1), _signed_vc2(2))
    vp["verifiableCredential"][1]["name"] = "Something else"
    result = verify_proofs(
        vp,
        purpose=AUTHENTICATION,
        controller=HOLDER.did,
        challenge="c",
        domain="https://d.example",
        shared=SharedDatasets(CONTEXTS),
    )
    assert result.status == "failed"


def _declined(vp: dict[str, Any]) -> None:
    with pytest.raises(_NotComposable):
        _composed(vp)
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == _straightforward(vp)


def test_a_vc11_presentation_takes_the_straightforward_path() -> None:
    credential = add_proof(
        vc11(ISSUER.did, HOLDER.did), ISSUER, suite_named("Ed25519Signature2020")
    )
    context = [
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    vp = _signed_presentation(credential, context=context)
    _declined(vp)


def test_a_credential_with_a_plain_inline_context_composes_exactly() -> None:
    credential = _signed_vc2(3)
    credential["@context"] = [*credential["@context"], INLINE]
    credential["credentialSubject"]["grade"] = 4
    vp = _signed_presentation(credential, _signed_vc2(8))
    assert _composed(vp) == _straightforward(vp)


@pytest.mark.parametrize(
    "alias", [{"kind": "@type"}, {"ident": {"@id": "@id"}}, {"@type": {"@container": "@set"}}]
)
def test_an_inline_keyword_alias_takes_the_straightforward_path(alias: dict[str, Any]) -> None:
    credential = _signed_vc2(3)
    credential["@context"] = [
        *credential["@context"],
        {"x": {"@id": "https://ex.example/x", "@context": alias}},
    ]
    _declined(_signed_presentation(credential))
    credential["@context"] = [*credential["@context"][:2], alias]
    if "kind" in alias:
        credential["kind"] = "https://ex.example/AnotherType"
    _declined(_signed_presentation(credential))


def test_named_blank_nodes_take_the_straightforward_path() -> None:
    first, second = _signed_vc2(4), _signed_vc2(5)
    first["credentialSubject"]["achievement"]["id"] = "_:shared"
    second["credentialSubject"]["achievement"]["id"] = "_:shared"
    _declined(_signed_presentation(first, second))


def test_a_credential_without_an_iri_id_takes_the_straightforward_path() -> None:
    credential = _signed_vc2(6)
    del credential["id"]
    _declined(_signed_presentation(credential))
    credential["id"] = "_:c"
    _declined(_signed_presentation(credential))


def test_an_undefined_term_in_a_credential_is_refused_either_way() -> None:
    credential = _signed_vc2(7)
    credential["notDefinedAnywhere"] = "x"
    vp = {"@context": [V2], "type": "VerifiablePresentation", "verifiableCredential": credential}
    with pytest.raises(CredentialError):
        _straightforward(vp)
    with pytest.raises(CredentialError):
        SharedDatasets(CONTEXTS).of(vp, _unsigned(vp))


def test_a_credential_too_deep_is_refused_on_its_own_inside_a_refused_presentation() -> None:
    credential = _signed_vc2(9)
    deep: dict[str, Any] = {"note": "x"}
    for _ in range(60):
        deep = {"note": deep}
    credential["credentialSubject"]["deep"] = deep
    vp = {"@context": [V2], "type": "VerifiablePresentation", "verifiableCredential": credential}
    vp["proof"] = {"type": "DataIntegrityProof", "proofPurpose": "authentication"}
    shared = SharedDatasets(CONTEXTS)
    outer = verify_proofs(vp, purpose=AUTHENTICATION, controller=None, shared=shared)
    inner = verify_proofs(credential, purpose=ASSERTION, controller=ISSUER.did, shared=shared)
    assert outer.status == inner.status == "failed"
    assert "deeper" in inner.reasons[0]
    assert shared.checked_part(credential) is None


def test_a_presentation_of_another_type_too_takes_the_straightforward_path() -> None:
    vp = _signed_presentation(_signed_vc2(10))
    vp["type"] = ["VerifiablePresentation", "VerifiableCredential"]
    with pytest.raises(_NotComposable):
        _composed(vp)
