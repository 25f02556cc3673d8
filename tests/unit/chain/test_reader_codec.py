"""Static view results read word by word are exactly eth-abi's, and every refusal stays eth-abi's.

For each registry view whose result is made of static words, drawn results (encoded by eth-abi)
decode to what ``FunctionCodec.result`` gives, and drawn raw words (padding set, bools past 1,
short or long data) are either decoded to that same value or declined, never accepted where
eth-abi refuses.
"""

from __future__ import annotations

from typing import Any

import pytest
from eth_abi.abi import encode
from hypothesis import given, settings
from hypothesis import strategies as st

from node.chain.artifacts import load_artifact
from node.chain.calls import FunctionCodec, codecs_of
from node.chain.reader_codec import StaticResult

CODECS = codecs_of(load_artifact().abi)
STATIC = {name: (codec, StaticResult.of(codec.output_abi)) for name, codec in CODECS.items()}
TAKEN = sorted(name for name, (_, static) in STATIC.items() if static is not None)


def test_the_status_and_anchoring_reads_are_taken_and_dynamic_results_are_not() -> None:
    assert {"credentialState", "indexStatus", "batch", "accreditationAt", "isAccreditedAt"} <= set(
        TAKEN
    )
    assert STATIC["conversionsOfSource"][1] is None  # bytes32[]: dynamic, eth-abi's
    assert STATIC["document"][1] is None


def _value(component: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = component["type"]
    if kind == "tuple":
        return st.tuples(*(_value(part) for part in component["components"]))
    if kind == "bool":
        return st.booleans()
    if kind == "address":
        return st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())
    if kind == "bytes32":
        return st.binary(min_size=32, max_size=32)
    return st.integers(0, (1 << int(kind[4:])) - 1)


def _eth_abi(codec: FunctionCodec, data: bytes) -> tuple[bool, Any]:
    try:
        return True, codec.result(data)
    except Exception:  # noqa: BLE001 - any refusal of eth-abi's
        return False, None


@pytest.mark.parametrize("name", TAKEN)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_drawn_results_decode_as_eth_abi_does(name: str, data: st.DataObject) -> None:
    codec, static = STATIC[name]
    assert static is not None
    values = [data.draw(_value(part)) for part in codec.output_abi]
    encoded = encode(codec.outputs, values)
    assert static.decode(encoded) == (True, codec.result(encoded))


WORD = st.one_of(
    st.integers(0, 2).map(lambda n: n.to_bytes(32, "big")),  # small: bools and enums
    st.binary(min_size=32, max_size=32),  # anything, padding set
    st.binary(min_size=20, max_size=20).map(lambda b: bytes(12) + b),  # an address
    st.integers(0, (1 << 40) - 1).map(lambda n: n.to_bytes(32, "big")),  # a uint40
)


@pytest.mark.parametrize("name", TAKEN)
@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORD, max_size=12), tail=st.binary(max_size=40))
def test_raw_words_are_decoded_as_eth_abi_does_or_declined(
    name: str, words: list[bytes], tail: bytes
) -> None:
    codec, static = STATIC[name]
    assert static is not None
    raw = b"".join(words) + tail
    decoded, value = static.decode(raw)
    if decoded:
        assert _eth_abi(codec, raw) == (True, value)
