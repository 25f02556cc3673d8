"""The issuance template path gives the full path's bytes, or declines (never a wrong answer)."""

from __future__ import annotations

import pytest

from node.proofs import ASSERTION, KeyPair, TemplateCache, add_proof, suite_named, verify_proofs
from node.proofs.template import full_canonical

from .helpers import vc2

ISSUER = KeyPair.from_seed(bytes(range(40, 72)))
VALUES = ["plain", "\x00\t\x7f\u2028", "e\u0301 vs \u00e9", "_:b0", '"\\', ""]


def _credential(n: int, result: str) -> dict:
    vc = vc2(ISSUER.did, KeyPair.from_seed(bytes([n]) * 32).did)
    vc["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
    vc["credentialSubject"]["result"] = [{"type": ["Result"], "value": result}]
    vc["credentialSubject"]["creditsEarned"] = 2.0
    return vc


def test_the_template_path_gives_the_full_paths_bytes() -> None:
    cache = TemplateCache()
    for n, value in enumerate(VALUES):
        vc = _credential(n, value)
        assert cache.canonical(vc) == full_canonical(vc)
    assert cache.misses == 1 and cache.hits == len(VALUES) - 1


@pytest.mark.parametrize(
    ("member", "value"),
    [("id", "https://example.com/credentials/%41"), ("id", "urn:uuid:not-a-uuid")],
)
def test_an_iri_the_template_cannot_vouch_for_falls_back(member: str, value: str) -> None:
    cache = TemplateCache()
    vc = _credential(1, "x")
    vc[member] = value
    assert cache.canonical(vc) is None


def test_an_https_id_is_carried_exactly() -> None:
    cache = TemplateCache()
    for n in range(1, 4):
        vc = _credential(n, "x")
        vc["id"] = f"https://issuer.example/credentials/{n}#c"
        assert cache.canonical(vc) == full_canonical(vc)
    assert cache.misses == 1


def test_a_value_holding_the_sentinel_characters_falls_back() -> None:
    cache = TemplateCache()
    assert cache.canonical(_credential(1, "\ue0000\ue001")) is None


def test_other_credits_make_another_template() -> None:
    cache = TemplateCache()
    first, second = _credential(1, "a"), _credential(2, "b")
    second["credentialSubject"]["creditsEarned"] = 3.5
    assert cache.canonical(first) == full_canonical(first)
    assert cache.canonical(second) == full_canonical(second)
    assert cache.misses == 2


def test_signing_through_templates_verifies_on_the_full_path() -> None:
    cache = TemplateCache()
    for n, value in enumerate(VALUES):
        signed = add_proof(
            _credential(n, value), ISSUER, suite_named("eddsa-rdfc-2022"), templates=cache
        )
        assert verify_proofs(signed, purpose=ASSERTION, controller=ISSUER.did).verified
    assert cache.hits > 0


def _with_status(n: int, index: str, list_url: str) -> dict:
    vc = _credential(n, "x")
    vc["credentialStatus"] = {
        "id": f"{list_url}#{n}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index,
        "statusListCredential": list_url,
    }
    return vc


def test_status_entries_share_one_template() -> None:
    cache = TemplateCache()
    url = "https://issuer.example:8443/status/1"
    for n, index in enumerate(["0", "17", "131071", "\x00\u2028", '"'], start=1):
        vc = _with_status(n, index, url)
        assert cache.canonical(vc) == full_canonical(vc)
    assert cache.misses == 1


@pytest.mark.parametrize(
    "list_url",
    ["https://issuer.example/status/1%20x", "https://issuer.example/st atus", "http://[::1]/s"],
)
def test_a_status_iri_the_template_cannot_vouch_for_falls_back(list_url: str) -> None:
    cache = TemplateCache()
    cache.canonical(_with_status(1, "3", "https://issuer.example/status/1"))
    assert cache.canonical(_with_status(2, "4", list_url)) is None
