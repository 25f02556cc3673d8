from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.credentials import (
    InvalidDidError,
    UnsupportedCredentialError,
    is_did_key,
    require_did_key,
)
from tests.unit.credentials.factories import W3C_TEST_DID, b58encode, did_key_of


def test_published_w3c_test_key_is_a_did_key() -> None:
    assert is_did_key(W3C_TEST_DID)
    assert require_did_key(W3C_TEST_DID) == W3C_TEST_DID


@given(st.binary(min_size=32, max_size=32))
def test_every_ed25519_public_key_gives_a_valid_did_key(public_key: bytes) -> None:
    assert is_did_key(did_key_of(public_key))


@pytest.mark.parametrize(
    "value",
    [
        "",
        "did:key:",
        "did:key:z6Mk",
        W3C_TEST_DID[:-1],
        W3C_TEST_DID + "1",
        W3C_TEST_DID.replace("did:key:", "did:KEY:"),
        W3C_TEST_DID[:-1] + "0",  # 0 is not base58
        W3C_TEST_DID[:-1] + "l",  # l is not base58
        W3C_TEST_DID + "#" + W3C_TEST_DID[8:],  # a DID URL, not a DID
        " " + W3C_TEST_DID,
        # secp256k1 did:key: well-formed, but not Ed25519
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
        "did:key:z" + b58encode(b"\xed\x01" + bytes(31)),  # 31-byte key
        "did:key:z" + b58encode(b"\xec\x01" + bytes(32)),  # x25519 codec
    ],
)
def test_malformed_did_keys_are_refused(value: str) -> None:
    assert not is_did_key(value)
    with pytest.raises((InvalidDidError, UnsupportedCredentialError)):
        require_did_key(value)


@pytest.mark.parametrize("value", [None, 42, b"did:key:z6Mk", ["did:key"]])
def test_non_strings_are_not_dids(value: object) -> None:
    assert not is_did_key(value)
    with pytest.raises(InvalidDidError):
        require_did_key(value)


def test_other_did_methods_are_unsupported_not_malformed() -> None:
    with pytest.raises(UnsupportedCredentialError, match="did:web") as caught:
        require_did_key("did:web:issuer.example", role="issuer")
    assert caught.value.code == "CREDENTIAL_UNSUPPORTED"
    with pytest.raises(InvalidDidError) as malformed:
        require_did_key("did:key:z6MkNOTBASE58")
    assert malformed.value.code == "DID_INVALID"
    assert malformed.value.http_status == 422
