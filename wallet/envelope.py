"""scrypt + AES-256-GCM envelopes, in ``node.keystore``'s style, for whole wallet documents.

The scrypt key is derived once per unlock and kept with its salt, so each save only draws a
fresh nonce; the cost travels in the envelope. A wrong passphrase fails the GCM tag.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from Crypto.Cipher import AES

from node.keystore import WrongPassphraseError

__all__ = ["Sealer", "open_envelope"]

_FIELDS = ("salt", "nonce", "ct", "tag")


def _derive(passphrase: str, salt: bytes, cost: int) -> bytes:
    """An AES-256 key from the passphrase (memory-hard, so guessing stays expensive)."""
    return hashlib.scrypt(passphrase.encode(), salt=salt, n=cost, r=8, p=1, dklen=32, maxmem=2**27)


@dataclass(frozen=True)
class Sealer:
    """A derived key with its salt and cost: seals documents without re-running scrypt."""

    key: bytes = field(repr=False)
    salt: bytes
    cost: int

    @classmethod
    def new(cls, passphrase: str, cost: int) -> Sealer:
        """A fresh salt and the key derived from it."""
        salt = os.urandom(16)
        return cls(_derive(passphrase, salt, cost), salt, cost)

    def seal(self, plaintext: bytes, kind: str) -> dict[str, Any]:
        """Encrypt; ``kind`` is authenticated so a backup never opens as a wallet."""
        nonce = os.urandom(12)
        cipher = AES.new(self.key, AES.MODE_GCM, nonce=nonce)
        cipher.update(kind.encode())
        ciphertext, tag = cipher.encrypt_and_digest(plaintext)
        raw = {"salt": self.salt, "nonce": nonce, "ct": ciphertext, "tag": tag}
        return {
            "type": kind,
            "version": 1,
            "kdf": "scrypt",
            "cipher": "aes-256-gcm",
            "n": self.cost,
            **{k: base64.b64encode(v).decode() for k, v in raw.items()},
        }


def open_envelope(envelope: dict[str, Any], passphrase: str, kind: str) -> tuple[bytes, Sealer]:
    """Decrypt; raise ``WrongPassphraseError`` and change nothing when the tag fails."""
    if envelope.get("type") != kind or envelope.get("kdf") != "scrypt":
        raise ValueError(f"not a {kind} envelope")
    raw = {k: base64.b64decode(envelope[k], validate=True) for k in _FIELDS}
    cost = int(envelope["n"])
    if not 2**10 <= cost <= 2**20 or cost & (cost - 1):
        raise ValueError("scrypt cost out of range")
    sealer = Sealer(_derive(passphrase, raw["salt"], cost), raw["salt"], cost)
    cipher = AES.new(sealer.key, AES.MODE_GCM, nonce=raw["nonce"])
    cipher.update(kind.encode())
    try:
        plaintext = cipher.decrypt_and_verify(raw["ct"], raw["tag"])
    except ValueError as exc:
        raise WrongPassphraseError("the passphrase does not open this wallet") from exc
    return bytes(plaintext), sealer
