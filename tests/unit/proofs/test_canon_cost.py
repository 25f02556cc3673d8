"""``_log_cost`` never lets costly canonicalization run in-process, unguarded.

The invariant: whenever ``cheap_in_process`` says yes, RDFC-1.0's n-degree work on those quads
is within the in-process budget. The work is counted by a small model of RDFC-1.0 §4.4 and
§4.8 (the same labelling, permutations and recursion, first-degree signatures for hashes): a
step per related node, per permutation and per issuer entry copied. Hypothesis draws the
structures that make RDFC-1.0 expensive: blank nodes that all look alike (circulant graphs,
where every node has the same neighbourhood), disjoint copies of them, and a few extra edges.
The estimate must also not depend on how a document labels or orders its blank nodes.

A directed cycle of identical blank nodes was the hole this found: every neighbour group has
one node (no k! to count), but the n-degree step walks the whole cycle from each node.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.proofs.canon import _LOG_IN_PROCESS_WORK, _log_cost, _signatures, cheap_in_process
from node.proofs.quads import Quad

#: RDFC-1.0 work (model steps) allowed in-process; the model stops counting past CAP.
BUDGET = 4 * math.exp(_LOG_IN_PROCESS_WORK)
CAP = int(2 * BUDGET)
PREDICATES = ["<https://ex.example/p>", "<https://ex.example/q>"]


class _TooMuch(Exception):
    pass


def rdfc_work(quads: list[Quad], cap: int = CAP) -> int:
    """Steps of RDFC-1.0's labelling (a model of it), or ``cap + 1`` once past ``cap``."""
    signature, where, _ = _signatures(quads)
    first = {b: hashlib.sha256(repr(sig).encode()).hexdigest() for b, sig in signature.items()}
    classes = Counter(first.values())
    canonical: dict[str, str] = {}
    for blank in sorted(first, key=first.__getitem__):
        if classes[first[blank]] == 1:
            canonical[blank] = f"c{len(canonical)}"
    steps = 0

    def spend(amount: int) -> None:
        nonlocal steps
        steps += amount
        if steps > cap:
            raise _TooMuch

    def n_degree(node: str, issuer: dict[str, str]) -> tuple[str, dict[str, str]]:
        related: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for subject, predicate, obj, graph in where[node]:
            for position, term in enumerate((subject, obj, graph)):
                if term[:2] == "_:" and term != node:
                    spend(1)
                    label = canonical.get(term) or issuer.get(term) or first[term]
                    related[(position, predicate, label)].append(term)
        data = []
        for key in sorted(related):
            chosen: list[str] | None = None
            chosen_issuer = issuer
            for order in itertools.permutations(related[key]):
                copy = dict(issuer)
                spend(1 + len(copy))
                path: list[str] = []
                recursion = []
                for blank in order:
                    if blank in canonical:
                        path.append(canonical[blank])
                    else:
                        if blank not in copy:
                            recursion.append(blank)
                            copy[blank] = f"b{len(copy)}"
                        path.append(copy[blank])
                if chosen is not None and path > chosen:
                    continue
                for blank in recursion:
                    result, copy = n_degree(blank, copy)
                    path += [copy[blank], result]
                    if chosen is not None and path > chosen:
                        break
                else:
                    if chosen is None or path < chosen:
                        chosen, chosen_issuer = path, copy
            data.append(repr((key, chosen)))
            issuer = chosen_issuer
        return hashlib.sha256("".join(data).encode()).hexdigest(), issuer

    try:
        for value in sorted(set(first.values())):
            if classes[value] == 1:
                continue
            results = []
            for blank in sorted(b for b in first if first[b] == value):
                if blank in canonical:
                    continue
                results.append(n_degree(blank, {blank: "b0"}))
            for _, issuer in sorted(results, key=lambda r: r[0]):
                for blank in issuer:
                    canonical.setdefault(blank, f"c{len(canonical)}")
    except _TooMuch:
        return cap + 1
    return steps


# the structures -------------------------------------------------------------------------------


def circulant(size: int, offsets: list[tuple[int, int]], prefix: str = "n") -> list[Quad]:
    """Node i points to node i + d (by predicate p) for each (d, p): every node looks alike."""
    return [
        (f"_:{prefix}{i}", PREDICATES[p], f"_:{prefix}{(i + d) % size}", "")
        for i in range(size)
        for d, p in offsets
        if d % size
    ]


@st.composite
def symmetric(draw: st.DrawFn) -> list[Quad]:
    size = draw(st.integers(3, 90))
    offsets = draw(
        st.lists(st.tuples(st.integers(1, size - 1), st.integers(0, 1)), min_size=1, max_size=3)
    )
    quads = circulant(size, offsets)
    for copy in range(draw(st.integers(0, 2))):
        quads += circulant(size, offsets, prefix=f"m{copy}x")
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))
        quads.append((f"_:n{a}", PREDICATES[1], f"_:n{b}", ""))
    if draw(st.booleans()):  # all of it in a named graph (a credential in a presentation)
        quads = [(s, p, o, "_:g") for s, p, o, _ in quads]
    return list(dict.fromkeys(quads))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(symmetric())
def test_what_runs_in_process_is_within_the_budget(quads: list[Quad]) -> None:
    if cheap_in_process(quads):
        assert rdfc_work(quads) <= BUDGET


@settings(max_examples=100, deadline=None)
@given(symmetric(), st.randoms(use_true_random=False))
def test_the_estimate_ignores_labels_and_order(quads: list[Quad], random: object) -> None:
    blanks = sorted({t for q in quads for t in q if t[:2] == "_:"})
    shuffled = list(blanks)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    rename = {old: f"_:r{new}" for old, new in zip(blanks, shuffled, strict=True)}
    relabelled = [tuple(rename.get(t, t) for t in q) for q in quads]
    random.shuffle(relabelled)  # type: ignore[attr-defined]
    ours, theirs = _log_cost(quads), _log_cost(relabelled)  # type: ignore[arg-type]
    assert sorted(ours[0]) == sorted(theirs[0])
    assert math.isclose(ours[1], theirs[1], rel_tol=1e-9, abs_tol=1e-9)


def test_a_cycle_of_identical_blank_nodes_goes_to_the_worker() -> None:
    cycle = circulant(80, [(1, 0)])
    assert rdfc_work(cycle) > BUDGET  # the model agrees it is costly (n^3: n from each node)
    assert not cheap_in_process(cycle)  # the estimate before this test said cheap: log(n^2)


def test_the_model_counts_a_clique_as_costly_and_a_star_as_cheap() -> None:
    clique = circulant(8, [(d, 0) for d in range(1, 8)])
    star = [("_:hub", PREDICATES[0], f"_:leaf{i}", "") for i in range(6)]
    assert rdfc_work(clique) > BUDGET and not cheap_in_process(clique)
    assert rdfc_work(star) < BUDGET
