"""Ed25519 key material for issuers and learners, identified by ``did:key``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from node.credentials import didkit_api
from node.credentials.dids import is_did_key
from node.credentials.errors import InvalidDidError, SigningError

__all__ = ["SigningKey", "did_key", "generate_key", "verification_method"]


def generate_key() -> str:
    """A new Ed25519 private JWK (a secret: store it encrypted, never log it)."""
    return didkit_api.new_ed25519_jwk()


def _require_private_ed25519(jwk: str) -> None:
    """Refuse anything but an Ed25519 private JWK before didkit sees it."""
    try:
        parsed = json.loads(jwk)
    except ValueError as exc:
        raise SigningError("key is not a JSON Web Key") from exc
    if not (
        isinstance(parsed, dict)
        and parsed.get("kty") == "OKP"
        and parsed.get("crv") == "Ed25519"
        and isinstance(parsed.get("d"), str)
        and isinstance(parsed.get("x"), str)
    ):
        raise SigningError("key is not an Ed25519 private JSON Web Key")


def did_key(jwk: str) -> str:
    """The ``did:key`` identifier of a JWK."""
    did = didkit_api.jwk_did(jwk)
    if not is_did_key(did):
        raise InvalidDidError("key does not yield an Ed25519 did:key")
    return did


async def verification_method(jwk: str) -> str:
    """The ``did:key`` verification method id used in proofs."""
    return await didkit_api.jwk_verification_method(jwk)


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key with its DID and verification method; the JWK never shows in repr."""

    jwk: str = field(repr=False)
    did: str
    verification_method: str

    @classmethod
    async def create(cls) -> SigningKey:
        """A fresh key."""
        return await cls.from_jwk(generate_key())

    @classmethod
    async def from_jwk(cls, jwk: str) -> SigningKey:
        """Wrap a stored private JWK, deriving its DID and verification method."""
        _require_private_ed25519(jwk)
        return cls(jwk=jwk, did=did_key(jwk), verification_method=await verification_method(jwk))
