"""Keys: JWK round trip, did:key and Multikey encodings, did:key resolution."""

from __future__ import annotations

import pytest

from node.proofs import (
    InvalidDidError,
    KeyPair,
    SigningError,
    decode_multikey,
    did_key_document,
    resolve_did_key,
)
from node.proofs.keys import encode_multikey

from .helpers import w3c_key


def test_the_w3c_key_pair_gives_its_published_public_key() -> None:
    key = w3c_key()
    assert key.did == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    assert encode_multikey(key.public) == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def test_jwk_round_trip_keeps_the_key() -> None:
    key = KeyPair.generate()
    again = KeyPair.from_jwk(key.to_jwk())
    assert again.public == key.public and again.did == key.did
    assert "private" not in repr(key)


@pytest.mark.parametrize(
    "jwk", ["{", "[]", '{"kty": "EC", "crv": "P-256", "d": "AA", "x": "AA"}', '{"kty": "OKP"}']
)
def test_bad_jwks_are_refused(jwk: str) -> None:
    with pytest.raises(SigningError):
        KeyPair.from_jwk(jwk)


def test_a_jwk_whose_public_half_does_not_match_is_refused() -> None:
    key = KeyPair.generate().to_jwk()
    other = KeyPair.generate().to_jwk()
    mixed = key.replace(
        key.split('"x": "')[1].split('"')[0], other.split('"x": "')[1].split('"')[0]
    )
    with pytest.raises(SigningError):
        KeyPair.from_jwk(mixed)


def test_did_key_resolves_for_both_relationships() -> None:
    key = w3c_key()
    method = resolve_did_key(key.verification_method)
    assert method.controller == key.did and method.public_key == key.public
    assert method.relationships == {"assertionMethod", "authentication"}
    assert did_key_document(key.did)["verificationMethod"][0]["type"] == "Multikey"


@pytest.mark.parametrize("value", ["z6Mk", "zzzz", "abc", "z" + "1" * 40])
def test_bad_multikeys_are_refused(value: str) -> None:
    with pytest.raises(InvalidDidError):
        decode_multikey(value)


def test_a_did_key_fragment_must_be_its_key() -> None:
    key = w3c_key()
    with pytest.raises(InvalidDidError):
        resolve_did_key(f"{key.did}#other")
