"""The one interface every cryptosuite implements, and the hashing both of ours share.

A suite names the proofs it handles, checks that the document carries the context its terms
need, builds the proof configuration, and signs or verifies the 64-byte hash
``SHA-256(canonical proof config) || SHA-256(canonical document)``. Canonicalization is RDFC-1.0
over safe-mode JSON-LD (``node.proofs.rdf``, ``node.proofs.canon``).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Any, ClassVar

from node.proofs.base58 import b58decode, b58encode
from node.proofs.canon import canonical_nquads
from node.proofs.contexts import ContextSet
from node.proofs.errors import CredentialError
from node.proofs.keys import KeyPair, verify_ed25519
from node.proofs.rdf import to_dataset

__all__ = ["Cryptosuite", "ProofValueError", "document_hash"]

_CONFIG_CACHE_SIZE = 4096


class ProofValueError(CredentialError):
    """A proofValue that is not base58btc multibase of a 64-byte Ed25519 signature."""

    code = "PROOF_VALUE_INVALID"
    title = "Malformed proof value"


def document_hash(document: dict[str, Any], contexts: ContextSet) -> bytes:
    """SHA-256 of the canonical N-Quads of a document (its ``proof`` removed by the caller)."""
    return hashlib.sha256(canonical_nquads(to_dataset(document, contexts))).digest()


class Cryptosuite(ABC):
    """A Data Integrity cryptosuite over Ed25519 and RDFC-1.0."""

    #: The name reported to people (``Ed25519Signature2020``, ``eddsa-rdfc-2022``).
    name: ClassVar[str]
    proof_type: ClassVar[str]

    def __init__(self) -> None:
        self._config_hashes: OrderedDict[str, bytes] = OrderedDict()

    @abstractmethod
    def handles(self, proof: dict[str, Any]) -> bool:
        """Whether this suite is the one a proof names."""

    @abstractmethod
    def context_problem(self, contexts: list[Any]) -> str | None:
        """Why a document with these ``@context`` entries cannot carry this proof, or None."""

    @abstractmethod
    def proof_options(self) -> dict[str, Any]:
        """The members that name the suite in a new proof (``type``, ``cryptosuite``)."""

    def config_hash(
        self, proof: dict[str, Any], document_context: object, contexts: ContextSet
    ) -> bytes:
        """SHA-256 of the canonical proof configuration, cached (batches repeat it)."""
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        config["@context"] = document_context
        key = f"{id(contexts)}:{json.dumps(config, sort_keys=True, ensure_ascii=False)}"
        cached = self._config_hashes.get(key)
        if cached is not None:
            self._config_hashes.move_to_end(key)
            return cached
        digest = document_hash(config, contexts)
        self._config_hashes[key] = digest
        if len(self._config_hashes) > _CONFIG_CACHE_SIZE:
            self._config_hashes.popitem(last=False)
        return digest

    def hash_data(
        self,
        proof: dict[str, Any],
        unsigned: dict[str, Any],
        contexts: ContextSet,
        canonical: bytes | None = None,
    ) -> bytes:
        """The 64 bytes that are signed: proof config hash then document hash.

        ``canonical`` is the document's canonical N-Quads when the caller already has them
        (the issuance template path); otherwise the document is canonicalized here.
        """
        config = self.config_hash(proof, unsigned.get("@context"), contexts)
        if canonical is not None:
            return config + hashlib.sha256(canonical).digest()
        return config + document_hash(unsigned, contexts)

    def sign(self, hash_data: bytes, key: KeyPair) -> str:
        """``proofValue``: multibase base58btc of the Ed25519 signature."""
        return "z" + b58encode(key.sign(hash_data))

    def verify(self, hash_data: bytes, proof_value: object, public_key: bytes) -> bool:
        """Whether the proofValue is a valid signature of hash_data by the key."""
        return verify_ed25519(public_key, decode_proof_value(proof_value), hash_data)


def decode_proof_value(value: object) -> bytes:
    """The 64 signature bytes of a proofValue; ProofValueError says what is wrong."""
    if not isinstance(value, str) or not value:
        raise ProofValueError("proofValue is missing or not a string")
    if not value.startswith("z"):
        raise ProofValueError("proofValue is not base58btc multibase ('z')")
    try:
        raw = b58decode(value[1:])
    except ValueError as exc:
        raise ProofValueError("proofValue is not valid base58btc") from exc
    if len(raw) != 64:
        raise ProofValueError(f"proofValue holds {len(raw)} bytes, not a 64-byte signature")
    return raw
