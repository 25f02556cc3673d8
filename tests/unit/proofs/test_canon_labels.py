"""Labels issued from distinct first-degree hashes are pyoxigraph's RDFC-1.0, byte for byte.

``canonical_nquads`` (and ``FixedPart``, the template path's) skips pyoxigraph when no two blank
nodes share a first-degree hash (then RDFC-1.0 is its steps 4 and 5 alone). Checked against
pyoxigraph's own RDFC-1.0 on datasets drawn by hypothesis (blank subjects, objects and graph
names, hostile literals, language tags, repeated shapes that collide and shapes that
self-reference), and on the credentials and presentations the proof layer makes.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import event, given, settings
from hypothesis import strategies as st

from node.proofs import KeyPair, add_proof, pinned_contexts, suite_named
from node.proofs.canon import FixedPart, _distinct_labels, _signatures, canonical_nquads
from node.proofs.quads import Quad, nquads
from node.proofs.rdf import to_dataset
from tests.helpers import TRICKY_STRINGS

from .helpers import vc2, vc11

ISSUER = KeyPair.from_seed(bytes(range(11, 43)))
IRIS = [str(ox.NamedNode(f"https://ex.example/{name}")) for name in ("a", "b", "p", "q", "g")]
BLANKS = [f"_:n{index}" for index in range(6)]


def _pyoxigraph(quads: list[Quad]) -> bytes:
    """RDFC-1.0 by pyoxigraph alone: parse, canonicalize, serialize, sort."""
    dataset = ox.Dataset(ox.parse(nquads(quads), ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b""
    return b"".join(sorted(text.splitlines(keepends=True)))


_literals = st.one_of(
    st.sampled_from(TRICKY_STRINGS).map(lambda text: str(ox.Literal(text))),
    st.text(max_size=8).map(lambda text: str(ox.Literal(text))),
    st.sampled_from(["en", "EN-gb", "de"]).map(lambda tag: str(ox.Literal("x", language=tag))),
    st.integers().map(lambda n: str(ox.Literal(str(n), datatype=ox.NamedNode(IRIS[0][1:-1])))),
)
_nodes = st.sampled_from(IRIS + BLANKS)
_quads = st.tuples(
    _nodes,
    st.sampled_from(IRIS[2:4]),
    st.one_of(_nodes, _literals),
    st.sampled_from(["", IRIS[4], *BLANKS[:2]]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_quads, min_size=1, max_size=14, unique=True))
def test_distinct_labels_give_pyoxigraphs_bytes(quads: list[Quad]) -> None:
    labels = _distinct_labels(_signatures(quads))
    event("labelled without pyoxigraph" if labels is not None else "pyoxigraph")
    assert canonical_nquads(quads) == _pyoxigraph(quads)


def test_a_colliding_pair_goes_to_pyoxigraph() -> None:
    p = IRIS[2]
    quads = [
        (IRIS[0], p, "_:x", ""),
        (IRIS[0], p, "_:y", ""),
        ("_:x", p, '"v"', ""),
        ("_:y", p, '"v"', ""),
    ]
    assert _distinct_labels(_signatures(quads)) is None
    assert canonical_nquads(quads) == _pyoxigraph(quads)


def test_a_self_reference_goes_to_pyoxigraph() -> None:
    quads = [("_:x", IRIS[2], "_:x", ""), ("_:x", IRIS[3], '"v"', "")]
    assert not _signatures(quads).plain
    assert canonical_nquads(quads) == _pyoxigraph(quads)


def test_signed_credentials_and_presentations_take_the_labels_and_agree() -> None:
    contexts = pinned_contexts()
    holder = KeyPair.from_seed(bytes(range(12, 44)))
    signed = [
        add_proof(vc2(ISSUER.did, holder.did), ISSUER, suite_named("eddsa-rdfc-2022")),
        add_proof(vc11(ISSUER.did, holder.did), ISSUER, suite_named("Ed25519Signature2020")),
    ]
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": [signed[0]],
    }
    for document in [*signed, presentation]:
        quads = to_dataset(document, contexts)
        assert _distinct_labels(_signatures(quads)) is not None
        assert canonical_nquads(quads) == _pyoxigraph(quads)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_quads, min_size=1, max_size=12, unique=True),
    st.lists(st.lists(_quads, max_size=5), min_size=1, max_size=4),
)
def test_a_fixed_part_gives_the_whole_datasets_bytes(
    fixed: list[Quad], rests: list[list[Quad]]
) -> None:
    part = FixedPart(fixed)
    for rest in rests:  # one part, several fills: what it keeps between them must not leak
        whole = list(dict.fromkeys(fixed + rest))
        assert part.canonical(rest) == _pyoxigraph(whole)
