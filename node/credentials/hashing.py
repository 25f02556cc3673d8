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
from typing import Any

import rfc8785

from node.credentials.errors import CredentialError
from node.types import Bytes32

__all__ = ["canonical_bytes", "credential_hash"]


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The RFC 8785 canonical UTF-8 form of a JSON object."""
    if not isinstance(document, dict):
        raise CredentialError("a credential must be a JSON object")
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
