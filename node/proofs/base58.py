"""Base58btc (the multibase ``z`` alphabet), for did:key, Multikey and proof values."""

from __future__ import annotations

__all__ = ["b58decode", "b58encode"]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(_ALPHABET)}
#: Every pair of digits, by value: encoding takes two digits a division, half the steps (a
#: proof value is 88 digits, and each step is a big-number division).
_PAIRS = [high + low for high in _ALPHABET for low in _ALPHABET]


def b58encode(data: bytes) -> str:
    """Encode bytes; each leading zero byte becomes a leading ``1``."""
    number = int.from_bytes(data, "big")
    pairs = []
    while number:
        number, rest = divmod(number, 58 * 58)
        pairs.append(_PAIRS[rest])
    digits = "".join(reversed(pairs)).lstrip("1")  # a leading pair may start with a zero digit
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + digits


def b58decode(text: str) -> bytes:
    """Decode; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        value = _INDEX.get(char)
        if value is None:
            raise ValueError("not base58btc")
        number = number * 58 + value
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + body
