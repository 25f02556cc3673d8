"""Read-only contract calls and event logs, with codecs built once from the ABI.

web3's contract machinery matches the ABI and builds validators on every call (about 4 ms
each on a 2-core machine), several times the node's own answer, and its log decoding costs
about 1 ms per event. A ``FunctionCodec`` (per view function) and an ``EventCodec`` (per
event) are built once and give the same plain values ``as_plain`` made of web3's named
tuples: structs as dicts by field name, arrays as lists, addresses checksummed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from eth_abi.abi import decode, encode
from eth_abi.grammar import parse
from eth_typing import ABIEvent, ABIFunction
from eth_utils.abi import (
    collapse_if_tuple,
    event_abi_to_log_topic,
    function_abi_to_4byte_selector,
    get_abi_input_types,
    get_abi_output_types,
)
from eth_utils.address import to_checksum_address

__all__ = ["EventCodec", "FunctionCodec", "codecs_of", "event_codecs_of"]


def _plain(component: dict[str, Any], value: Any) -> Any:
    """A decoded value shaped like web3's ``decode_tuples`` output after ``as_plain``."""
    kind: str = component["type"]
    if kind.endswith("]"):
        inner = {**component, "type": kind[: kind.rindex("[")]}
        return [_plain(inner, item) for item in value]
    if kind == "tuple":
        return {
            part["name"]: _plain(part, item)
            for part, item in zip(component["components"], value, strict=True)
        }
    if kind == "address":
        return to_checksum_address(value)
    return value


def _encodable(component: dict[str, Any], value: Any) -> Any:
    """An argument as eth-abi takes it: structs given as dicts become tuples in ABI order."""
    kind: str = component["type"]
    if kind.endswith("]"):
        inner = {**component, "type": kind[: kind.rindex("[")]}
        return [_encodable(inner, item) for item in value]
    if kind == "tuple":
        parts = component["components"]
        if isinstance(value, Mapping):
            return tuple(_encodable(part, value[part["name"]]) for part in parts)
        return tuple(_encodable(part, item) for part, item in zip(parts, value, strict=True))
    return value


class FunctionCodec:
    """Calldata and result decoding of one ABI function."""

    def __init__(self, abi: dict[str, Any]) -> None:
        function = cast(ABIFunction, abi)
        self.name: str = abi["name"]
        self.selector = function_abi_to_4byte_selector(function)
        self.inputs = get_abi_input_types(function)
        self.outputs = get_abi_output_types(function)
        self.input_abi: list[dict[str, Any]] = list(abi.get("inputs", []))
        self.output_abi: list[dict[str, Any]] = list(abi.get("outputs", []))

    def calldata(self, args: Sequence[Any]) -> bytes:
        """The selector and ABI-encoded arguments."""
        values = [_encodable(part, arg) for part, arg in zip(self.input_abi, args, strict=True)]
        return self.selector + encode(self.inputs, values)

    def result(self, data: bytes) -> Any:
        """One output as its plain value; several as a list."""
        values = [
            _plain(part, value)
            for part, value in zip(self.output_abi, decode(self.outputs, data), strict=True)
        ]
        return values[0] if len(values) == 1 else values


def codecs_of(abi: Sequence[dict[str, Any]]) -> dict[str, FunctionCodec]:
    """A codec per view or pure function of a contract's ABI."""
    return {
        entry["name"]: FunctionCodec(entry)
        for entry in abi
        if entry.get("type") == "function" and entry.get("stateMutability") in ("view", "pure")
    }


class EventCodec:
    """The arguments of one ABI event's logs, by name in ABI order."""

    def __init__(self, abi: dict[str, Any]) -> None:
        self.name: str = abi["name"]
        self.topic = event_abi_to_log_topic(cast(ABIEvent, abi))
        inputs: list[dict[str, Any]] = list(abi.get("inputs", []))
        self.names = [part["name"] for part in inputs]
        self.indexed = [part for part in inputs if part.get("indexed")]
        self.unindexed = [part for part in inputs if not part.get("indexed")]
        self.unindexed_types = [collapse_if_tuple(part) for part in self.unindexed]

    def args(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any]:
        """Decoded arguments; an indexed dynamic value is its topic (the value's hash)."""
        values: dict[str, Any] = {}
        for part, topic in zip(self.indexed, topics[1:], strict=True):
            kind = collapse_if_tuple(part)
            if parse(kind).is_dynamic:
                values[part["name"]] = bytes(topic)
            else:
                values[part["name"]] = _plain(part, decode([kind], bytes(topic))[0])
        decoded = decode(self.unindexed_types, bytes(data))
        for part, value in zip(self.unindexed, decoded, strict=True):
            values[part["name"]] = _plain(part, value)
        return {name: values[name] for name in self.names}


def event_codecs_of(abi: Sequence[dict[str, Any]]) -> dict[bytes, EventCodec]:
    """A codec per event of a contract's ABI, by its log topic."""
    codecs = [EventCodec(entry) for entry in abi if entry.get("type") == "event"]
    return {codec.topic: codec for codec in codecs}
