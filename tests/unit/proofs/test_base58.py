"""Base58btc against the plain one-digit-a-division reference of the test factories."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.proofs.base58 import b58decode, b58encode
from tests.unit.credentials.factories import b58encode as reference_encode


@given(st.binary(max_size=80))
def test_encoding_matches_the_reference_and_round_trips(data: bytes) -> None:
    assert b58encode(data) == reference_encode(data)
    assert b58decode(b58encode(data)) == data


@pytest.mark.parametrize(
    "data",
    [b"", b"\0", b"\0\0\x01", b"\x39", b"\x3a", b"\x0d\x24", bytes(3) + b"\xff" * 64],
    ids=["empty", "zero", "zeros then one", "57", "58", "58 squared", "signature-sized"],
)
def test_edges_of_the_two_digit_steps(data: bytes) -> None:
    """A top pair with a zero first digit (58 is "21"), and leading zero bytes ("1"s)."""
    assert b58encode(data) == reference_encode(data)
    assert b58decode(b58encode(data)) == data
