"""Verification's fast paths give pyld's own bytes: the proof-configuration template, the memo.

The proof configuration goes through a template (``node.proofs.suites.base``) and context
processing is memoised per context set (``node.proofs.rdf``). Hypothesis draws configurations
with hostile strings and compares their canonical bytes with plain pyld (no memo, no template),
so neither shortcut can change what a signature covers.
"""

from __future__ import annotations

import hashlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld.jsonld import JsonLdProcessor

from node.proofs import ASSERTION, KeyPair, add_proof, pinned_contexts, suite_named, verify_proofs
from node.proofs.canon import canonical_nquads
from node.proofs.contexts import (
    DATA_INTEGRITY_V2_CONTEXT,
    ED25519_2020_CONTEXT,
    OB3_CONTEXT_3_0_3,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
)
from node.proofs.rdf import js_numbers
from node.proofs.suites import base
from tests.helpers import TRICKY_STRINGS

from .helpers import vc2
from .pyld_reference import pyld_terms

TRICKY = [*TRICKY_STRINGS, "\ue0000\ue001", "2026-01-01T00:00:00Z"]
text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
INLINE = {"creditSystem": "https://creditbank.example/ns#creditSystem"}
CONTEXTS = [
    [VC_V2_CONTEXT],
    [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3, INLINE],
    [VC_V1_CONTEXT, DATA_INTEGRITY_V2_CONTEXT],
    [VC_V1_CONTEXT, ED25519_2020_CONTEXT],
    [VC_V2_CONTEXT, {"did": "https://prefix.example/"}],  # a prefix: the full path
]
key = st.binary(min_size=32, max_size=32).map(KeyPair.from_seed)
method = st.one_of(
    key.map(lambda k: k.verification_method),
    st.sampled_from(["https://issuer.example/keys/1", "did:key:zShort#x", "urn:uuid:bad"]),
)


def _plain(document: dict[str, Any]) -> bytes:
    """Canonical N-Quads through pyld's own ``expand``: no memo, no template."""
    processor = JsonLdProcessor()
    expanded = processor.expand(js_numbers(document), pinned_contexts().options())
    return canonical_nquads(pyld_terms(expanded))


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    contexts = draw(st.sampled_from(CONTEXTS))
    ed2020 = ED25519_2020_CONTEXT in contexts
    config: dict[str, Any] = (
        {"type": "Ed25519Signature2020"}
        if ed2020
        else {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}
    )
    config["created"] = draw(text)
    config["verificationMethod"] = draw(method)
    config["proofPurpose"] = draw(st.sampled_from(["assertionMethod", "authentication"]))
    for member in ("challenge", "domain", "expires", "nonce"):
        if draw(st.booleans()):
            config[member] = draw(text)
    config["@context"] = contexts
    return config


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_the_config_template_gives_pyld_s_own_bytes(config: dict[str, Any]) -> None:
    try:
        expected: bytes | Exception = _plain(config)
    except Exception as exc:  # noqa: BLE001 - the fast path must refuse too
        expected = exc
    try:
        ours: bytes | Exception = base._canonical_config(config, pinned_contexts())
    except Exception as exc:  # noqa: BLE001
        ours = exc
    if isinstance(expected, Exception):
        assert isinstance(ours, Exception), (config, ours)
    else:
        assert ours == expected, config


def test_the_template_serves_most_configurations() -> None:
    issuer = KeyPair.from_seed(bytes(range(1, 33)))
    suite = suite_named("eddsa-rdfc-2022")
    for n in range(5):
        signed = add_proof(vc2(issuer.did), issuer, suite, created=f"2026-01-0{n + 1}T00:00:00Z")
        suite._config_hashes.clear()
        assert verify_proofs(signed, purpose=ASSERTION, controller=issuer.did).verified
    templates = base._CONFIG_TEMPLATES[pinned_contexts()]
    assert templates.hits >= 4


def test_a_prefix_defined_inline_takes_the_full_path() -> None:
    config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#x",
        "proofPurpose": "assertionMethod",
        "@context": [VC_V2_CONTEXT, {"did": "https://prefix.example/"}],
    }
    assert not base._templatable(config["@context"], pinned_contexts())
    assert b"https://prefix.example/key:" in base._canonical_config(config, pinned_contexts())


def test_memoised_contexts_do_not_grow_with_credentials() -> None:
    """Context processing is kept per context shape, never per credential."""
    contexts = pinned_contexts()
    issuer = KeyPair.from_seed(bytes(range(2, 34)))
    documents = [vc2(issuer.did, KeyPair.from_seed(bytes([n]) * 32).did) for n in range(1, 4)]
    for document in documents:
        document["name"] = f"credential {document['credentialSubject']['id']}"
    base.document_hash(documents[0], contexts)
    size = len(contexts.processed)
    for document in documents[1:]:
        assert base.document_hash(document, contexts) == hashlib.sha256(_plain(document)).digest()
    assert len(contexts.processed) == size
