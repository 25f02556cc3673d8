"""The issuer's two keys: an Ethereum account (anchors, revokes) and a did:key (signs)."""

from __future__ import annotations

from node.credentials import SigningKey, generate_key
from node.keystore import Keystore

__all__ = ["DID_SECRET", "load_did_key"]

#: Keystore name of the issuer's Ed25519 DID key (the Ethereum key uses ``issuer_key_name``).
DID_SECRET = "issuer-did"


async def load_did_key(keystore: Keystore, name: str) -> SigningKey:
    """The issuer's Ed25519 DID key from the encrypted keystore, made on first use."""
    if not keystore.has_secret(name):
        keystore.save_secret(name, generate_key().encode())
    return await SigningKey.from_jwk(keystore.load_secret(name).decode())
