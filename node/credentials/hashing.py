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
import json
import re
from typing import Any

import rfc8785

from node.credentials.errors import CredentialError
from node.types import Bytes32

__all__ = ["canonical_bytes", "credential_hash"]


#: Number tokens Python's ``json`` may write otherwise than RFC 8785: integral floats (``2.0``),
#: exponents (``1e+21``) and integers long enough to leave IEEE 754's exact range.
_OTHER_NUMBER_TEXT = r"[:\[,](?=[-\d])-?\d+(?:\.0[,\]}]|\.\d+[eE]|[eE])|[:\[,]-?\d{16}"
_OTHER_NUMBER = re.compile(_OTHER_NUMBER_TEXT)
#: The same tokens, with every string consumed whole first, so that a match of the number group
#: is a real number token. Run only when the quick search found a candidate: a ``urn:uuid:``
#: id starting ``1234e`` matches inside its string about one time in ten.
_STRING_OR_OTHER_NUMBER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|(' + _OTHER_NUMBER_TEXT + ")")
#: Beyond U+D7FF, code points may sort otherwise by UTF-16 code unit (RFC 8785) than by code
#: point, and lone surrogates are not UTF-8.
_BEYOND_PLAIN = re.compile("[^\x00-\ud7ff]")


def _plain_json(document: dict[str, Any]) -> bytes | None:
    """Python's ``json`` encoding of ``document`` when it is RFC 8785's, else None.

    Both escape the same characters the same way (quote, backslash and control characters, in
    lowercase hex) and both write non-integral floats in positional notation with the
    shortest round-trip digits. They differ only for the number tokens above and for keys
    beyond U+D7FF, which are checked on the output; any doubt goes to the full implementation.
    """
    try:
        text = json.dumps(
            document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError, RecursionError):
        return None
    if not text.isascii() and _BEYOND_PLAIN.search(text):
        return None
    if _OTHER_NUMBER.search(text) and _has_other_number(text):
        return None
    return text.encode("utf-8")


def _has_other_number(text: str) -> bool:
    """Whether a number token of ``_OTHER_NUMBER`` stands outside every string of ``text``."""
    return any(match.group(1) for match in _STRING_OR_OTHER_NUMBER.finditer(text))


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The RFC 8785 canonical UTF-8 form of a JSON object.

    A credential we issue is plain JSON (see ``_plain_json``), which the C-accelerated ``json``
    encoder writes byte for byte as RFC 8785 does, about 50 × faster than the pure-Python
    ``rfc8785`` package; a property test holds the two to the same bytes.
    """
    if not isinstance(document, dict):
        raise CredentialError("a credential must be a JSON object")
    plain = _plain_json(document)
    if plain is not None:
        return plain
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        # the library's own message stays in the log chain, never in a client's answer
        raise CredentialError(
            f"credential cannot be canonicalised (RFC 8785): {type(exc).__name__}"
        ) from exc


def credential_hash(signed_vc: dict[str, Any]) -> Bytes32:
    """SHA-256 over the canonical signed credential: the leaf the issuer anchors."""
    if not isinstance(signed_vc, dict) or "proof" not in signed_vc:
        raise CredentialError("only a signed credential (with proof) is hashed")
    return Bytes32(hashlib.sha256(canonical_bytes(signed_vc)).digest())
