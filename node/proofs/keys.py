"""Ed25519 key pairs and their encodings: JWK (our keystore), Multikey and ``did:key``."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from node.proofs.base58 import b58decode, b58encode
from node.proofs.errors import InvalidDidError, SigningError

__all__ = [
    "KeyPair",
    "decode_multikey",
    "did_key_of",
    "encode_multikey",
    "verify_ed25519",
]

#: Multicodec prefixes (varint) of an Ed25519 public and private key.
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_multikey(public: bytes) -> str:
    """``publicKeyMultibase`` of a 32-byte Ed25519 public key (``z6Mk...``)."""
    return "z" + b58encode(ED25519_PUB + public)


def decode_multikey(value: str) -> bytes:
    """The 32 raw bytes of an Ed25519 ``z6Mk...`` multibase key; InvalidDidError otherwise."""
    if not value.startswith("z"):
        raise InvalidDidError("the key is not base58btc multibase ('z')")
    try:
        raw = b58decode(value[1:])
    except ValueError as exc:
        raise InvalidDidError("the key is not valid base58btc") from exc
    if len(raw) != 34 or not raw.startswith(ED25519_PUB):
        raise InvalidDidError("the key is not a 32-byte Ed25519 multikey")
    return raw[2:]


def did_key_of(public: bytes) -> str:
    """The ``did:key`` of an Ed25519 public key."""
    return f"did:key:{encode_multikey(public)}"


def verify_ed25519(public: bytes, signature: bytes, message: bytes) -> bool:
    """Whether an Ed25519 signature holds (False for malformed keys or signatures)."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An Ed25519 private key with its public half; the secret never shows in repr."""

    private: Ed25519PrivateKey = field(repr=False)
    public: bytes
    #: the did:key verification method id, ``did:key:z...#z...`` (every proof names it)
    verification_method: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        multikey = encode_multikey(self.public)
        object.__setattr__(self, "verification_method", f"did:key:{multikey}#{multikey}")

    @classmethod
    def generate(cls) -> KeyPair:
        """A fresh key from the OS's randomness."""
        return cls.from_seed(Ed25519PrivateKey.generate().private_bytes_raw())

    @classmethod
    def from_seed(cls, seed: bytes) -> KeyPair:
        """The key of a 32-byte seed."""
        if len(seed) != 32:
            raise SigningError("an Ed25519 private key is 32 bytes")
        private = Ed25519PrivateKey.from_private_bytes(seed)
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(private=private, public=public)

    @classmethod
    def from_jwk(cls, jwk: str) -> KeyPair:
        """An Ed25519 private JWK (``kty`` OKP, ``crv`` Ed25519, ``d``, ``x``), checked."""
        try:
            parsed = json.loads(jwk)
            ok = (
                isinstance(parsed, dict)
                and parsed.get("kty") == "OKP"
                and parsed.get("crv") == "Ed25519"
                and isinstance(parsed.get("d"), str)
                and isinstance(parsed.get("x"), str)
            )
            if not ok:
                raise ValueError("shape")
            pair = cls.from_seed(_unb64url(parsed["d"]))
            stated = _unb64url(parsed["x"])
        except (ValueError, TypeError) as exc:
            raise SigningError("key is not an Ed25519 private JSON Web Key") from exc
        if stated != pair.public:
            raise SigningError("the JWK's public key does not match its private key")
        return pair

    @classmethod
    def from_multibase(cls, private_multibase: str) -> KeyPair:
        """A ``privateKeyMultibase`` (``z3u2...``, multicodec ed25519-priv) key."""
        try:
            raw = b58decode(private_multibase.removeprefix("z"))
        except ValueError as exc:
            raise SigningError("privateKeyMultibase is not base58btc") from exc
        if not private_multibase.startswith("z") or not raw.startswith(ED25519_PRIV):
            raise SigningError("privateKeyMultibase is not an Ed25519 private multikey")
        return cls.from_seed(raw[2:])

    def to_jwk(self) -> str:
        """The private JWK our keystore stores (a secret: never log it)."""
        seed = self.private.private_bytes_raw()
        return json.dumps(
            {"kty": "OKP", "crv": "Ed25519", "x": _b64url(self.public), "d": _b64url(seed)}
        )

    @property
    def did(self) -> str:
        """The ``did:key`` of this key."""
        return did_key_of(self.public)

    def sign(self, message: bytes) -> bytes:
        """A 64-byte Ed25519 signature."""
        return self.private.sign(message)
