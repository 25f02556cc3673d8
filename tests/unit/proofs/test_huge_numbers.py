"""A number JavaScript reads as Infinity is refused, at signing and at verification alike."""

from __future__ import annotations

import pytest

from node.proofs import ASSERTION, KeyPair, add_proof, pinned_contexts, suite_named, verify_proofs
from node.proofs.errors import CredentialError
from node.proofs.rdf import js_numbers, to_dataset

from .helpers import vc2

ISSUER = KeyPair.from_seed(bytes(range(11, 43)))
HUGE = 10**400  # beyond any IEEE 754 double: float() overflows, JSON.parse gives Infinity


def test_js_numbers_refuses_an_integer_no_double_holds() -> None:
    with pytest.raises(CredentialError, match="too large"):
        js_numbers({"credits": [HUGE]})
    assert js_numbers({"credits": 10**21}) == {"credits": 1e21}  # a double, as in JavaScript


def test_signing_refuses_it_with_our_error() -> None:
    credential = vc2(ISSUER.did)
    credential["credentialSubject"]["creditsEarned"] = HUGE
    with pytest.raises(CredentialError, match="too large"):
        to_dataset(credential, pinned_contexts())
    with pytest.raises(CredentialError):
        add_proof(credential, ISSUER, suite_named("eddsa-rdfc-2022"), as_list=True)


def test_verification_says_not_verified_instead_of_raising() -> None:
    signed = add_proof(vc2(ISSUER.did), ISSUER, suite_named("eddsa-rdfc-2022"), as_list=True)
    signed["credentialSubject"]["creditsEarned"] = HUGE
    result = verify_proofs(signed, purpose=ASSERTION, controller=ISSUER.did)
    assert not result.verified
    assert any("too large" in reason for reason in result.reasons), result.reasons
