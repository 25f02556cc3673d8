"""View results made of static words only, decoded without eth-abi's decoder machinery.

eth-abi walks a graph of decoder objects for every result: about 110 us for the registry's
``credentialState`` on a 2-core machine, a tenth of a presentation's chain reads. A result of
static types only (``uintN``, ``bool``, ``address``, ``bytes32`` and tuples of them) is a fixed
run of 32-byte words. ``StaticResult`` reads those words and gives what
``FunctionCodec.result`` gives (structs as dicts by field name, addresses checksummed), and
declines (None) anything it does not see as plainly valid: data too short, a padding byte set,
a bool that is not 0 or 1. A declined result goes to eth-abi, so every refusal stays eth-abi's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from eth_utils.address import to_checksum_address

__all__ = ["StaticResult"]

_UINT = re.compile(r"uint(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|"
                   r"168|176|184|192|200|208|216|224|232|240|248|256)")  # fmt: skip
_WORD = 32
_ADDRESS_PAD = bytes(12)


class _Declined(Exception):
    """The words are not plainly valid for the type: eth-abi decides."""


def _reader(component: dict[str, Any]) -> Any:
    """A function of (data, offset) -> (value, next offset) for a static type, else None."""
    kind = component.get("type")
    if kind == "tuple":
        parts = [(part.get("name"), _reader(part)) for part in component.get("components", [])]
        if not parts or any(read is None or not name for name, read in parts):
            return None

        def tuple_of(data: bytes, at: int) -> tuple[Any, int]:
            value = {}
            for name, read in parts:
                value[name], at = read(data, at)
            return value, at

        return tuple_of
    if kind == "bool":

        def boolean(data: bytes, at: int) -> tuple[Any, int]:
            word = int.from_bytes(data[at : at + _WORD], "big")
            if word > 1:
                raise _Declined
            return word == 1, at + _WORD

        return boolean
    if kind == "address":

        def address(data: bytes, at: int) -> tuple[Any, int]:
            if data[at : at + 12] != _ADDRESS_PAD:
                raise _Declined
            return to_checksum_address(data[at + 12 : at + _WORD]), at + _WORD

        return address
    if kind == "bytes32":
        return lambda data, at: (data[at : at + _WORD], at + _WORD)
    matched = _UINT.fullmatch(kind) if isinstance(kind, str) else None
    if matched is not None:
        bound = 1 << int(matched.group(1))

        def unsigned(data: bytes, at: int) -> tuple[Any, int]:
            word = int.from_bytes(data[at : at + _WORD], "big")
            if word >= bound:
                raise _Declined
            return word, at + _WORD

        return unsigned
    return None


class StaticResult:
    """The decoder of one view's result, when every output is static and of a type taken here."""

    def __init__(self, readers: list[Any], words: int) -> None:
        self._readers = readers
        self._size = words * _WORD

    @classmethod
    def of(cls, output_abi: Sequence[dict[str, Any]]) -> StaticResult | None:
        """The decoder of these outputs, or None if one of them is not plainly static."""
        readers = [_reader(part) for part in output_abi]
        if not readers or any(read is None for read in readers):
            return None
        words = sum(_words(part) for part in output_abi)
        return cls(readers, words)

    def decode(self, data: bytes) -> tuple[bool, Any]:
        """(True, the value ``FunctionCodec.result`` gives), or (False, None) to defer."""
        if len(data) < self._size:
            return False, None
        values = []
        at = 0
        try:
            for read in self._readers:
                value, at = read(data, at)
                values.append(value)
        except _Declined:
            return False, None
        return True, values[0] if len(values) == 1 else values


def _words(component: dict[str, Any]) -> int:
    if component.get("type") == "tuple":
        return sum(_words(part) for part in component["components"])
    return 1
