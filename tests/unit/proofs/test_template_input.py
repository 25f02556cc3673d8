"""The template lookup copies only the slots' containers: the caller's document is untouched."""

from __future__ import annotations

import copy

import pytest

from node.proofs import KeyPair, TemplateCache, add_proof, suite_named
from node.proofs.errors import DocumentTooComplexError
from node.proofs.template import full_canonical

from .helpers import vc2

ISSUER = KeyPair.from_seed(bytes(range(80, 112)))


def _credential(n: int) -> dict:
    vc = vc2(ISSUER.did, KeyPair.from_seed(bytes([n + 1]) * 32).did)
    vc["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
    vc["credentialSubject"]["result"] = [{"type": ["Result"], "value": f"grade {n}"}]
    return vc


def test_lookups_leave_the_document_as_it_was_and_still_match_the_full_path() -> None:
    cache = TemplateCache()
    for n in range(3):  # a miss (built from the shaped copy), then hits
        vc = _credential(n)
        before = copy.deepcopy(vc)
        assert cache.canonical(vc) == full_canonical(before)
        assert vc == before
    assert cache.misses == 1 and cache.hits == 2


def test_member_order_is_part_of_the_key_and_never_changes_the_answer() -> None:
    cache = TemplateCache()
    vc = _credential(4)
    reordered = dict(reversed(list(vc.items())))
    assert cache.canonical(vc) == cache.canonical(reordered) == full_canonical(vc)


def test_a_document_too_deep_for_the_template_key_gets_the_shape_checks_refusal() -> None:
    """The template is tried before the shape check: it must decline, not raise, on any input."""
    vc = _credential(5)
    deepest = vc["credentialSubject"]
    for _ in range(3000):
        deepest["x"] = {}
        deepest = deepest["x"]
    assert TemplateCache().canonical(vc) is None
    with pytest.raises(DocumentTooComplexError):
        add_proof(vc, ISSUER, suite_named("eddsa-rdfc-2022"), templates=TemplateCache())
