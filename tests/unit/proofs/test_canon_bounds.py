"""Which documents canonicalize in-process: repeated but distinguishable structure does.

A presentation of ten credentials from one issuer repeats the same blank-node shapes (the
achievement, its criteria) ten times, so their first-degree signatures collide; RDFC-1.0 still
tells them apart in quadratic time, and a subprocess per presentation would cost more than the
work (and could miss its deadline on a busy machine). A clique of identical nodes must not.
"""

from __future__ import annotations

from typing import Any

from node.proofs import KeyPair, pinned_contexts
from node.proofs.canon import _log_cost, cheap_in_process
from node.proofs.rdf import to_dataset

from .helpers import vc2

ISSUER = KeyPair.from_seed(bytes(range(5, 37))).did
HOLDER = KeyPair.from_seed(bytes(range(6, 38))).did


def _presentation(size: int) -> dict[str, Any]:
    credentials = []
    for n in range(size):
        vc = vc2(ISSUER, KeyPair.from_seed(bytes([n + 1]) * 32).did)
        vc["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
        credentials.append(vc)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER,
        "verifiableCredential": credentials,
    }


def test_a_presentation_of_twenty_from_one_issuer_stays_in_process() -> None:
    quads = to_dataset(_presentation(20), pinned_contexts())
    colliding, _ = _log_cost(quads)
    assert sum(colliding) > 12  # the first-degree classes alone would have sent it out
    assert cheap_in_process(quads)


def test_a_clique_of_identical_nodes_does_not() -> None:
    size = 24
    document = vc2(ISSUER)
    document["@context"].append({"p": {"@id": "https://creditbank.example/ns#p", "@type": "@id"}})
    document["credentialSubject"]["p"] = [
        {"@id": f"_:n{i}", "p": [f"_:n{j}" for j in range(size) if j != i]} for i in range(size)
    ]
    assert not cheap_in_process(to_dataset(document, pinned_contexts()))
