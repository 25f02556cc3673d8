"""API keys: random, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["hash_api_key", "new_api_key"]

_PREFIX = "cbk_"


def new_api_key() -> str:
    """A fresh key with 256 bits of randomness and a recognisable prefix."""
    return _PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """What the database keeps instead of the key (SHA-256 suffices for random keys)."""
    return hashlib.sha256(key.encode()).hexdigest()
