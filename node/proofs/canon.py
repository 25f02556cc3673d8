"""RDFC-1.0 canonical N-Quads of a dataset (quads of N-Quads terms), with bounds.

Every term was written by pyoxigraph, which escapes literals the way peers do (pyld's own
N-Quads writer leaves control characters raw). The quad bound (MAX_QUADS) is kept by
``node.proofs.quads``. We compute each blank node's first-degree hash first (linear, in
Python). When no two collide, which is the case for nearly every credential and presentation,
RDFC-1.0 is only its steps 4 and 5: labels in order of those hashes, written here without
pyoxigraph. Otherwise pyoxigraph runs the algorithm in Rust. It is exponential in the worst
case, only through colliding hashes: a dataset with few collisions is canonicalized
in-process; any other runs in a short-lived subprocess with a CPU and wall-clock deadline, so a
hostile document costs milliseconds there and cannot stall the caller. Property tests hold the
labels path to pyoxigraph's bytes (tests/unit/proofs/test_canon_labels.py).
"""

from __future__ import annotations

import hashlib
import logging
import math
import resource
import subprocess
import sys
from collections import Counter
from typing import NamedTuple

import pyoxigraph as ox

from node.proofs.errors import CredentialError, DocumentTooComplexError
from node.proofs.quads import MAX_QUADS, Quad, nquads
from node.proofs.rdf import Dataset

__all__ = [
    "DEADLINE_SECONDS",
    "FixedPart",
    "MAX_BLANK_NODES",
    "MAX_QUADS",
    "canonical_nquads",
    "cheap_in_process",
]

logger = logging.getLogger(__name__)

MAX_BLANK_NODES = 5_000
#: In-process only while symmetric blank nodes are this few (the exponential part needs many);
#: past MAX_SYMMETRIC the document is refused without trying.
_IN_PROCESS_COLLIDING = 12
_IN_PROCESS_GROUP = 4
MAX_SYMMETRIC = 256
#: In-process too while the bound on n-degree work (``_log_cost``) stays this small.
_LOG_IN_PROCESS_WORK = math.log(100_000)
DEADLINE_SECONDS = 0.5
#: Labellings of a ``FixedPart``'s blank nodes whose lines it keeps.
_MAX_LABELLINGS = 64

#: The worker imports nothing but pyoxigraph: N-Quads in, sorted canonical N-Quads out.
_WORKER = """
import sys, pyoxigraph as ox
d = ox.Dataset(ox.parse(sys.stdin.buffer.read(), ox.RdfFormat.N_QUADS))
d.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
text = ox.serialize(d, format=ox.RdfFormat.N_QUADS)
sys.stdout.buffer.write(b"".join(sorted(text.splitlines(keepends=True))))
"""


#: A blank node's first-degree signature: the sorted quads that mention it, each with that
#: node written ``_:a`` and any other blank node ``_:z`` (RDFC-1.0 §4.6), as canonical N-Quads
#: lines: the very string whose SHA-256 is its first-degree hash.
Signature = str


class FirstDegree(NamedTuple):
    """Each blank node's first-degree signature and the quads that mention it.

    ``plain`` says no quad names a blank node twice or as its predicate: the shapes for which
    ``_distinct_labels`` is RDFC-1.0 to the letter (the others go to pyoxigraph).
    """

    signature: dict[str, Signature]
    where: dict[str, list[Quad]]
    plain: bool


def _line(subject: str, predicate: str, obj: str, graph: str) -> str:
    """One canonical N-Quads line (terms are N-Quads terms as pyoxigraph writes them)."""
    return (
        f"{subject} {predicate} {obj} {graph} .\n" if graph else f"{subject} {predicate} {obj} .\n"
    )


def _signatures(quads: Dataset) -> FirstDegree:
    """Each blank node's first-degree signature, and the quads that mention it."""
    lines, where, plain = _mentions(quads)
    if len(lines) > MAX_BLANK_NODES:
        raise DocumentTooComplexError(
            f"the document has {len(lines)} blank nodes, over {MAX_BLANK_NODES}"
        )
    return FirstDegree({b: "".join(sorted(m)) for b, m in lines.items()}, where, plain)


def _mentions(quads: Dataset) -> tuple[dict[str, list[str]], dict[str, list[Quad]], bool]:
    """Each blank node's first-degree lines (unsorted), the quads that mention it, and plain."""
    lines: dict[str, list[str]] = {}
    where: dict[str, list[Quad]] = {}
    plain = True
    for quad in quads:
        blanks = [term for term in quad if term[:2] == "_:"]
        if not blanks:
            continue
        others: tuple[str, ...] = quad
        if len(blanks) > 1:
            distinct = dict.fromkeys(blanks)
            plain = plain and len(distinct) == len(blanks)
            blanks = list(distinct)
            others = tuple("_:z" if term in distinct else term for term in quad)
        subject, predicate, obj, graph = quad
        if predicate[:2] == "_:":
            plain = False
        for blank in blanks:
            line = _line(
                "_:a" if subject == blank else others[0],
                "_:a" if predicate == blank else others[1],
                "_:a" if obj == blank else others[2],
                "_:a" if graph == blank else others[3],
            )
            known = lines.get(blank)
            if known is None:
                lines[blank] = [line]
                where[blank] = [quad]
            else:
                known.append(line)
                where[blank].append(quad)
    return lines, where, plain


def _distinct_labels(first: FirstDegree) -> dict[str, str] | None:
    """RDFC-1.0's canonical labels when no two first-degree hashes collide; None otherwise.

    Then the algorithm is its steps 4 and 5 alone (§4.4.3): each blank node is issued
    ``c14n<i>`` in code point order of its first-degree hash, and the n-degree step, the only
    costly one, never runs. Most credentials and presentations are this case.
    """
    return _labels(first.signature) if first.plain else None


def _labels(signature: dict[str, Signature]) -> dict[str, str] | None:
    """``c14n<i>`` in order of first-degree hash; None if two hashes collide."""
    hashes = {
        blank: hashlib.sha256(text.encode("utf-8")).hexdigest() for blank, text in signature.items()
    }
    order = sorted(hashes, key=hashes.__getitem__)
    if len(set(hashes.values())) != len(order):
        return None
    return {blank: f"_:c14n{index}" for index, blank in enumerate(order)}


def _relabelled_nquads(quads: Dataset, labels: dict[str, str]) -> bytes:
    """The dataset with canonical blank node labels, as sorted N-Quads (UTF-8)."""
    return "".join(sorted(_relabelled_lines(quads, labels))).encode("utf-8")


def _relabelled_lines(quads: Dataset, labels: dict[str, str]) -> set[str]:
    return {_line(labels.get(s, s), p, labels.get(o, o), labels.get(g, g)) for s, p, o, g in quads}


def _has_blank(quad: Quad) -> bool:
    return any(term[:2] == "_:" for term in quad)


class FixedPart:
    """``canonical_nquads`` of datasets that share most of their quads, that part's work once.

    The template path writes a few values into a credential's shape and keeps every other
    quad: the first-degree lines of those (per blank node) and the N-Quads lines of the ones
    without blank nodes are made here once. ``canonical(rest)`` is exactly
    ``canonical_nquads(fixed + rest)``, which it calls whenever the labels alone do not settle
    the dataset (colliding hashes, a self-reference).
    """

    def __init__(self, fixed: Dataset) -> None:
        self._fixed = fixed
        self._members = set(fixed)
        self._lines, _, self._plain = _mentions(fixed)
        self._with_blanks = [quad for quad in fixed if _has_blank(quad)]
        self._ground = frozenset(_line(*quad) for quad in fixed if not _has_blank(quad))
        #: the fixed quads' lines under each labelling of their blank nodes seen so far (a
        #: pure function of a few labels: a shape has a handful of orders in practice)
        self._labelled: dict[tuple[str, ...], frozenset[str]] = {}

    def canonical(self, rest: Dataset) -> bytes:
        """Sorted RDFC-1.0 canonical N-Quads of the fixed quads and ``rest`` together."""
        rest = [quad for quad in dict.fromkeys(rest) if quad not in self._members]
        lines, _, plain = _mentions(rest)
        labels = None
        if plain and self._plain and len(lines) + len(self._lines) <= MAX_BLANK_NODES:
            fixed = self._lines
            labels = _labels(
                {
                    blank: "".join(sorted([*fixed.get(blank, ()), *lines.get(blank, ())]))
                    for blank in fixed.keys() | lines.keys()
                }
            )
        if labels is None:
            return canonical_nquads(self._fixed + rest)
        order = tuple(labels[blank] for blank in self._lines)
        fixed_lines = self._labelled.get(order)
        if fixed_lines is None:
            fixed_lines = self._ground | _relabelled_lines(self._with_blanks, labels)
            if len(self._labelled) < _MAX_LABELLINGS:
                self._labelled[order] = fixed_lines
        return "".join(sorted(fixed_lines.union(_relabelled_lines(rest, labels)))).encode("utf-8")


def _colliding_components(colliding: list[str], where: dict[str, list[Quad]]) -> dict[str, int]:
    """For each colliding blank node, how many colliding nodes its quads chain it to.

    RDFC-1.0's n-degree step recurses only into related nodes that have no canonical label yet
    (the colliding ones), so a chain of them (a cycle of identical nodes) is walked whole from
    each of its nodes, copying the issuer at each step.
    """
    parent = {blank: blank for blank in colliding}

    def root(blank: str) -> str:
        while parent[blank] != blank:
            parent[blank] = parent[parent[blank]]
            blank = parent[blank]
        return blank

    for blank in colliding:
        for quad in where[blank]:
            for term in quad:
                if term != blank and term in parent:
                    parent[root(term)] = root(blank)
    sizes = Counter(root(blank) for blank in colliding)
    return {blank: sizes[root(blank)] for blank in colliding}


def _log_cost(quads: Dataset) -> tuple[list[int], float]:
    """Colliding class sizes, and the log of a bound on RDFC-1.0's n-degree work.

    Only blank nodes whose first-degree signatures collide reach the n-degree step, and it
    permutes, for each of them, the colliding neighbours that share a position, predicate and
    signature (k of them: k! orders), recursing through the chain of colliding nodes it is
    part of (c of them, an issuer copy of up to b entries at each step, b the blank nodes)
    once per order. So the work is at most b x (the sum over colliding nodes of c^2) x the
    product of those k! over colliding nodes. Repeated but distinguishable structure (a
    presentation of ten credentials from one issuer) has every k = 1 and short chains: cheap.
    Symmetric structure has large k (a clique) or long chains (a cycle of identical nodes).
    """
    return _cost(_signatures(quads))


def _cost(first: FirstDegree) -> tuple[list[int], float]:
    """``_log_cost`` of first-degree signatures already computed."""
    signature, where = first.signature, first.where
    sizes = Counter(signature.values())
    colliding = [b for b, sig in signature.items() if sizes[sig] > 1]
    if not colliding:
        return [], 0.0
    log_orders = 0.0
    for blank in colliding:
        groups: Counter[tuple[int, str, Signature]] = Counter()
        for subject, predicate, obj, graph in where[blank]:
            for position, part in enumerate((subject, obj, graph)):
                if part[:2] == "_:" and part != blank:
                    related = signature[part]
                    if sizes[related] > 1:
                        groups[(position, predicate, related)] += 1
        log_orders += sum(math.lgamma(k + 1) for k in groups.values() if k > 1)
    chains = sum(c * c for c in _colliding_components(colliding, where).values())
    counts = [count for count in sizes.values() if count > 1]
    return counts, log_orders + math.log(chains * len(signature))


def _parsed(text: bytes) -> ox.Dataset:
    """Our N-Quads back as a pyoxigraph dataset (each term was written by pyoxigraph)."""
    try:
        return ox.Dataset(ox.parse(text, ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError) as exc:
        raise CredentialError("the document holds a term that is not valid RDF") from exc


def _in_process(quads: Dataset) -> bytes:
    dataset = _parsed(nquads(quads))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b""
    return b"".join(sorted(text.splitlines(keepends=True)))


def _limit_cpu() -> None:
    """In the child: the kernel kills it past the CPU deadline."""
    resource.setrlimit(resource.RLIMIT_CPU, (1, 2))


def _in_worker(quads: Dataset) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and fixed program
            [sys.executable, "-I", "-c", _WORKER],
            input=nquads(quads),
            capture_output=True,
            timeout=DEADLINE_SECONDS,
            preexec_fn=_limit_cpu,  # noqa: PLW1509 - setrlimit only, before exec
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DocumentTooComplexError(
            "canonicalization ran past its deadline (a hostile blank-node structure)"
        ) from exc
    if done.returncode != 0:
        logger.info("canonicalization worker ended with %s", done.returncode)
        raise DocumentTooComplexError(
            "canonicalization ran past its deadline (a hostile blank-node structure)"
        )
    return done.stdout


def cheap_in_process(quads: Dataset) -> bool:
    """Whether RDFC-1.0 of these quads is cheap enough to run in this process, unguarded."""
    return _cheap(*_log_cost(quads))


def _cheap(colliding: list[int], log_cost: float) -> bool:
    if sum(colliding) <= _IN_PROCESS_COLLIDING and max(colliding, default=0) <= _IN_PROCESS_GROUP:
        return True
    return log_cost <= _LOG_IN_PROCESS_WORK


def canonical_nquads(quads: Dataset) -> bytes:
    """Sorted RDFC-1.0 canonical N-Quads (UTF-8) of a dataset, within the bounds.

    Without colliding first-degree hashes the labels are known at once (``_distinct_labels``);
    otherwise pyoxigraph runs RDFC-1.0, in-process when cheap, else in the guarded worker.
    """
    first = _signatures(quads)
    labels = _distinct_labels(first)
    if labels is not None:
        return _relabelled_nquads(quads, labels)
    colliding, log_cost = _cost(first)
    if _cheap(colliding, log_cost):
        return _in_process(quads)
    if sum(colliding) > MAX_SYMMETRIC:
        raise DocumentTooComplexError(
            f"the document has {sum(colliding)} indistinguishable blank nodes, over {MAX_SYMMETRIC}"
        )
    logger.debug("canonicalizing %d symmetric blank nodes in a worker", sum(colliding))
    return _in_worker(quads)
