"""Recognise Ed25519 ``did:key`` identifiers, the only DID method we sign and verify with."""

from __future__ import annotations

import re
from typing import TypeGuard

from node.credentials.errors import InvalidDidError, UnsupportedCredentialError
from node.proofs.base58 import b58decode

__all__ = ["did_of", "is_did", "is_did_key", "require_did_key"]

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
#: ``did:key:`` + multibase ``z`` (base58btc) + the ed25519-pub multicodec prefix ``6Mk``.
_DID_KEY = re.compile(rf"^did:key:(z6Mk[{_BASE58}]{{44}})$")
#: Any DID per W3C DID Core syntax (method name, method-specific id), no path or fragment.
_DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._%:-]*[A-Za-z0-9._%-]$")
_ED25519_PUB = b"\xed\x01"


def is_did(value: object) -> TypeGuard[str]:
    """Whether a value is syntactically some DID (any method)."""
    return isinstance(value, str) and _DID.fullmatch(value) is not None


def is_did_key(value: object) -> TypeGuard[str]:
    """Whether a value is an Ed25519 ``did:key`` whose key decodes to 32 bytes."""
    if not isinstance(value, str):
        return False
    match = _DID_KEY.fullmatch(value)
    if match is None:
        return False
    raw = b58decode(match.group(1)[1:])  # the pattern admits only base58 characters
    return len(raw) == 34 and raw.startswith(_ED25519_PUB)


def require_did_key(value: object, *, role: str = "DID") -> str:
    """Return the DID if it is an Ed25519 ``did:key``; say precisely why not otherwise."""
    if is_did_key(value):
        return str(value)
    if is_did(value) and not str(value).startswith("did:key:"):
        method = str(value).split(":", 2)[1]
        raise UnsupportedCredentialError(
            f"{role} uses did:{method}; only did:key is supported (DIDs are never resolved "
            "over the network)"
        )
    raise InvalidDidError(f"{role} is not a well-formed Ed25519 did:key")


def did_of(verification_method: str) -> str:
    """The DID part of a DID URL such as ``did:key:z6Mk...#z6Mk...``."""
    return verification_method.split("#", 1)[0]
