"""The credential hash anchored on chain: SHA-256 of the signed credential in RFC 8785 form.

The hash covers the credential exactly as signed, proof included; the anchor receipt
travels beside the credential and is never inside it. RFC 8785 (JCS) fixes key order,
whitespace, string escaping and number formatting (ECMAScript shortest round-trip), so any
JSON parser's rendering of the same document hashes the same. Credits stay JSON numbers
with at most two decimals (see ``node.credentials.openbadges``); NaN and infinities are
refused.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson
import rfc8785

from node.credentials.errors import CredentialError
from node.types import Bytes32

__all__ = ["canonical_bytes", "credential_hash", "hashed_form"]


#: Beyond U+D7FF, code points may sort otherwise by UTF-16 code unit (RFC 8785) than by code
#: point, and lone surrogates are not UTF-8.
_BEYOND_PLAIN = re.compile("[^\x00-\ud7ff]")
#: The integers both write alike: IEEE 754's exact range (RFC 8785 refuses any beyond it).
_SAFE_INTEGER = 2**53


def _plain_values(document: dict[str, Any]) -> bool:
    """Whether ``document`` holds only JSON values that orjson writes as RFC 8785 does.

    Those are strings, booleans, null, safe integers, and non-integral floats from 1e-4 up
    (below it orjson may take an exponent; from 1e16 every float is integral). Not integral
    floats (``2.0``, ``-0.0``: RFC 8785 writes ``2`` and ``0``), NaN and infinities (orjson
    writes null), nor any other type orjson knows (a ``datetime``, a dataclass): the full
    implementation refuses what is not JSON. Subclasses (a ``StrEnum``, an ``OrderedDict``)
    count as their JSON type, as orjson writes them. A walk of the values: a regular expression over
    the text cost three times as much, and had to rule out number-like runs inside strings.
    """
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, str) or node is None:
            continue
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, bool):
            continue
        elif isinstance(node, int):
            if not -_SAFE_INTEGER < node < _SAFE_INTEGER:
                return False
        elif isinstance(node, float):
            if node.is_integer() or not 1e-4 <= abs(node) < 1e16:
                return False
        else:
            return False
    return True


def _plain_json(document: dict[str, Any]) -> bytes | None:
    """The sorted encoding by orjson of ``document`` when it is RFC 8785's, else None.

    Both escape the same characters the same way (quote, backslash, and control characters
    in lowercase hex), write other characters as UTF-8, and write non-integral floats with
    the shortest round-trip digits. They differ only for the values of ``_plain_values``
    and for keys beyond U+D7FF, which are checked on the output; any doubt goes to the full
    implementation. orjson takes 5 us for a credential, where ``json.dumps`` took 50.
    """
    try:
        text = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except (TypeError, ValueError, RecursionError):
        return None  # orjson refuses cycles (and nesting past 255), so the walk below ends
    if not _plain_values(document):
        return None
    if not text.isascii() and _BEYOND_PLAIN.search(text.decode("utf-8")):
        return None
    return text


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The RFC 8785 canonical UTF-8 form of a JSON object.

    A credential we issue is plain JSON (see ``_plain_json``), which orjson writes byte for
    byte as RFC 8785 does, several hundred times faster than the pure-Python ``rfc8785``
    package; a property test holds the two to the same bytes.
    """
    if not isinstance(document, dict):
        raise CredentialError("a credential must be a JSON object")
    plain = _plain_json(document)
    if plain is not None:
        return plain
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as exc:
        # the library's own message stays in the log chain, never in a client's answer
        raise CredentialError(
            f"credential cannot be canonicalised (RFC 8785): {type(exc).__name__}"
        ) from exc


def credential_hash(signed_vc: dict[str, Any]) -> Bytes32:
    """SHA-256 over the canonical signed credential: the leaf the issuer anchors."""
    return hashed_form(signed_vc)[0]


def hashed_form(signed_vc: dict[str, Any]) -> tuple[Bytes32, bytes]:
    """The credential hash and the canonical bytes it is taken over, from one serialisation.

    For an issuer that stores what it anchors: the canonical form is plain JSON (RFC 8785),
    so it serves as the stored body too, and the credential is written once, not twice.
    """
    if not isinstance(signed_vc, dict) or "proof" not in signed_vc:
        raise CredentialError("only a signed credential (with proof) is hashed")
    canonical = canonical_bytes(signed_vc)
    return Bytes32(hashlib.sha256(canonical).digest()), canonical
