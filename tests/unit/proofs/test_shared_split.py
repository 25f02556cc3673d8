"""One expansion of a signed credential, split, is both of the expansions it replaces.

``SharedDatasets`` composes a presentation from each credential's unsigned quads and its proof
quads; it takes both from one expansion of the signed credential when the split is provably
exact (``_split``), and the credential's own proof then reuses the unsigned part. These tests
hold both parts to the separate expansions (canonical N-Quads), on drawn and fixed credentials,
check that the split is really taken for our credentials and declined where it cannot be shown.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings

from node.proofs import SharedDatasets
from node.proofs.canon import canonical_nquads
from node.proofs.errors import CredentialError
from node.proofs.rdf import to_dataset
from node.proofs.shared import _PROOF_SCOPE, _split

from .test_shared import (
    CONTEXTS,
    _signed_presentation,
    _signed_vc2,
    _straightforward,
    _unsigned,
    presentation,
)

SEC_PROOF = "https://w3id.org/security#proof"


def _alone(document: dict[str, Any]) -> bytes:
    return canonical_nquads(to_dataset(document, CONTEXTS))


def _listed(vp: dict[str, Any]) -> list[dict[str, Any]]:
    embedded = vp["verifiableCredential"]
    return embedded if isinstance(embedded, list) else [embedded]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(presentation())
def test_each_credential_keeps_its_own_unsigned_dataset_after_composition(
    vp: dict[str, Any],
) -> None:
    try:
        expected = _straightforward(vp)
    except CredentialError:
        return  # refusals: test_shared's drawn test holds both paths to refusing
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == expected
    for vc in _listed(vp):
        own = canonical_nquads(shared.of(vc, _unsigned(vc)))
        assert own == _alone(_unsigned(vc))


def test_our_credentials_split_into_both_expansions() -> None:
    for credential in (_signed_vc2(1), _signed_vc2(2)):
        single = copy.deepcopy(credential)
        single["proof"] = single["proof"][0]
        for vc in (credential, single):
            split = _split(vc, CONTEXTS)
            assert split is not None
            body, proof = split
            assert canonical_nquads(body) == _alone(_unsigned(vc))
            scope = {k: vc[k] for k in _PROOF_SCOPE if k in vc}
            # the scope document adds the type triples the body already has
            assert canonical_nquads(list(dict.fromkeys(body + proof))) == _alone(vc)
            assert set(canonical_nquads(proof).splitlines()) <= set(_alone(scope).splitlines())
    vp = _signed_presentation(*(_signed_vc2(n) for n in range(3)))
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == _straightforward(vp)
    assert len(shared._unsigned) == 3


def test_a_nested_proof_declines_the_split_and_stays_exact() -> None:
    credential = _signed_vc2(4)
    attestation = {"@id": SEC_PROOF, "@type": "@id", "@container": "@graph"}
    credential["@context"] = [*credential["@context"], {"attestation": attestation}]
    credential["credentialSubject"]["attestation"] = copy.deepcopy(credential["proof"][0])
    assert _split(credential, CONTEXTS) is None
    vp = _signed_presentation(credential, _signed_vc2(5))
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == _straightforward(vp)
    own = canonical_nquads(shared.of(credential, _unsigned(credential)))
    assert own == _alone(_unsigned(credential))


def test_the_same_credential_twice_in_one_presentation_stays_exact() -> None:
    credential = _signed_vc2(6)
    vp = _signed_presentation(credential, credential)
    shared = SharedDatasets(CONTEXTS)
    assert canonical_nquads(shared.of(vp, _unsigned(vp))) == _straightforward(vp)
