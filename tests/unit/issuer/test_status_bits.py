"""The list credential's bitstring: chain words in, the specification's bit order out."""

from __future__ import annotations

import base64
import gzip

from hypothesis import given
from hypothesis import strategies as st

from issuer.status_list import LIST_GRANULE, encode_bits
from node.credentials.status_entries import status_entry


def _decode(encoded: str) -> bytes:
    assert encoded.startswith("u")
    text = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def _bit(bitstring: bytes, index: int) -> bool:
    """The specification: index 0 is the left-most bit of the first byte."""
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


@given(st.sets(st.integers(min_value=0, max_value=LIST_GRANULE - 1), max_size=50))
def test_exactly_the_set_indexes_read_as_set(indexes: set[int]) -> None:
    words: dict[int, int] = {}
    for index in indexes:
        words[index // 256] = words.get(index // 256, 0) | (1 << (index % 256))
    bitstring = _decode(encode_bits(words, LIST_GRANULE))
    assert len(bitstring) * 8 == LIST_GRANULE
    assert all(_bit(bitstring, i) for i in indexes)
    assert sum(bin(byte).count("1") for byte in bitstring) == len(indexes)


def test_an_entry_names_its_index_and_list() -> None:
    entry = status_entry("https://issuer.example/status/revocation", 300)
    assert entry == {
        "id": "https://issuer.example/status/revocation#300",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "300",
        "statusListCredential": "https://issuer.example/status/revocation",
    }
    assert status_entry("https://i.example/s", 7, vc2=False)["type"] == "StatusList2021Entry"
