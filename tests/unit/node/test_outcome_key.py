"""How a conversion source's outcome is keyed on chain: one outcome per learner and achievement."""

from __future__ import annotations

from typing import Any

from node.chain import outcome_id, outcome_key


def _vc(credential_id: str, learner: str, achievement: str) -> dict[str, Any]:
    return {
        "id": credential_id,
        "credentialSubject": {"id": learner, "achievement": {"id": achievement}},
    }


def test_the_same_outcome_certified_twice_has_one_key() -> None:
    first = _vc("urn:uuid:1", "did:key:zA", "urn:uuid:std-1")
    again = _vc("urn:uuid:2", "did:key:zA", "urn:uuid:std-1")
    assert outcome_key(first) == outcome_key(again)


def test_another_learner_or_achievement_is_another_outcome() -> None:
    base = outcome_key(_vc("urn:uuid:1", "did:key:zA", "urn:uuid:std-1"))
    assert outcome_key(_vc("urn:uuid:1", "did:key:zB", "urn:uuid:std-1")) != base
    assert outcome_key(_vc("urn:uuid:1", "did:key:zA", "urn:uuid:std-2")) != base


def test_the_fields_cannot_be_shifted_across_the_separator() -> None:
    shifted = outcome_key(_vc("x", "did:key:zA\nb", "c"))
    assert shifted != outcome_key(_vc("x", "did:key:zA", "b\nc"))


def test_a_credential_without_learner_or_achievement_falls_back_to_its_id() -> None:
    bare = {"id": "urn:uuid:9", "credentialSubject": {"achievement": {"id": "urn:uuid:std-1"}}}
    assert outcome_key(bare) == outcome_id("urn:uuid:9")
    listed = {"id": "urn:uuid:9", "credentialSubject": [{"id": "a"}, {"id": "b"}]}
    assert outcome_key(listed) == outcome_id("urn:uuid:9")
    single = {"id": "u", "credentialSubject": [{"id": "did:key:zA", "achievement": {"id": "s"}}]}
    assert outcome_key(single) == outcome_key(_vc("v", "did:key:zA", "s"))
