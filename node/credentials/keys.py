"""Ed25519 key material for issuers and learners, identified by ``did:key``.

The keys are ours (``node.proofs.keys``, on ``cryptography``); the stored form stays the private
JWK that the keystore and wallets already hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from node.credentials.dids import is_did_key
from node.credentials.errors import InvalidDidError
from node.proofs import KeyPair

__all__ = ["SigningKey", "did_key", "generate_key", "verification_method"]


def generate_key() -> str:
    """A new Ed25519 private JWK (a secret: store it encrypted, never log it)."""
    return KeyPair.generate().to_jwk()


def did_key(jwk: str) -> str:
    """The ``did:key`` identifier of a JWK."""
    did = KeyPair.from_jwk(jwk).did
    if not is_did_key(did):
        raise InvalidDidError("key does not yield an Ed25519 did:key")
    return did


async def verification_method(jwk: str) -> str:
    """The ``did:key`` verification method id used in proofs."""
    return KeyPair.from_jwk(jwk).verification_method


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key with its DID and verification method; the JWK never shows in repr."""

    jwk: str = field(repr=False)
    did: str
    verification_method: str
    pair: KeyPair = field(repr=False, compare=False)

    @classmethod
    async def create(cls) -> SigningKey:
        """A fresh key."""
        return cls.from_pair(KeyPair.generate())

    @classmethod
    async def from_jwk(cls, jwk: str) -> SigningKey:
        """Wrap a stored private JWK, deriving its DID and verification method."""
        pair = KeyPair.from_jwk(jwk)
        return cls(jwk=jwk, did=pair.did, verification_method=pair.verification_method, pair=pair)

    @classmethod
    def from_pair(cls, pair: KeyPair) -> SigningKey:
        """Wrap a key pair (sync: no I/O is involved)."""
        return cls(
            jwk=pair.to_jwk(),
            did=pair.did,
            verification_method=pair.verification_method,
            pair=pair,
        )
