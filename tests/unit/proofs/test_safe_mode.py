"""Safe mode: undefined terms and types, relative IRIs, protected terms, foreign contexts."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from node.proofs import (
    ASSERTION,
    KeyPair,
    UndefinedTermError,
    UnsupportedCredentialError,
    add_proof,
    suite_named,
    verify_proofs,
)

from .helpers import copy_of, vc2

KEY = KeyPair.from_seed(bytes(range(32)))
SUITE = suite_named("eddsa-rdfc-2022")


def _undefined_property(vc: dict[str, Any]) -> None:
    vc["credentialSubject"]["favouriteColour"] = "blue"


def _undefined_type(vc: dict[str, Any]) -> None:
    vc["type"].append("SecretBadge")


def _relative_iri(vc: dict[str, Any]) -> None:
    vc["id"] = "credentials/42"


def _protected_redefinition(vc: dict[str, Any]) -> None:
    vc["@context"].append({"VerifiableCredential": "https://evil.example/VC"})


CASES = [
    (_undefined_property, "favouriteColour"),
    (_undefined_type, "SecretBadge"),
    (_relative_iri, "credentials/42"),
    (_protected_redefinition, "protected term"),
]


@pytest.mark.parametrize(("change", "named"), CASES)
def test_signing_refuses_naming_the_term(change: Any, named: str) -> None:
    vc = vc2(KEY.did)
    change(vc)
    with pytest.raises(UndefinedTermError) as raised:
        add_proof(vc, KEY, SUITE)
    assert named in raised.value.detail
    assert raised.value.http_status == 422


@pytest.mark.parametrize(("change", "named"), CASES)
def test_verification_fails_with_the_reason(change: Any, named: str) -> None:
    signed = add_proof(vc2(KEY.did), KEY, SUITE, as_list=True)
    change(signed)
    result = verify_proofs(signed, purpose=ASSERTION, controller=KEY.did)
    assert result.status == "failed"
    assert named in result.reasons[0]


def test_an_unknown_context_is_refused_without_opening_a_socket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    signed = add_proof(vc2(KEY.did), KEY, SUITE)
    signed["@context"].append("https://contexts.example/extra.json")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_network)
    result = verify_proofs(signed, purpose=ASSERTION, controller=KEY.did)
    assert result.status == "unsupported"
    assert "not in the pinned set" in result.reasons[0]
    vc = vc2(KEY.did)
    vc["@context"].append("https://contexts.example/extra.json")
    with pytest.raises(UnsupportedCredentialError):
        add_proof(vc, KEY, SUITE)


def test_a_defined_extension_through_an_inline_context_signs_and_verifies() -> None:
    vc = vc2(KEY.did)
    vc["@context"].append({"skillGrade": "https://creditbank.example/ns#skillGrade"})
    vc["credentialSubject"]["skillGrade"] = "intermediate"
    signed = add_proof(vc, KEY, SUITE)
    assert verify_proofs(signed, purpose=ASSERTION, controller=KEY.did).verified
    changed = copy_of(signed)
    changed["credentialSubject"]["skillGrade"] = "advanced"
    assert verify_proofs(changed, purpose=ASSERTION, controller=KEY.did).status == "failed"
