"""The one interface every cryptosuite implements, and the hashing both of ours share.

A suite names the proofs it handles, checks that the document carries the context its terms
need, builds the proof configuration, and signs or verifies the 64-byte hash
``SHA-256(canonical proof config) || SHA-256(canonical document)``. Canonicalization is RDFC-1.0
over safe-mode JSON-LD (``node.proofs.rdf``, ``node.proofs.canon``).
"""

from __future__ import annotations

import hashlib
import json
import weakref
from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Any, ClassVar

from node.proofs.base58 import b58decode, b58encode
from node.proofs.canon import canonical_nquads
from node.proofs.contexts import ContextSet
from node.proofs.errors import CredentialError
from node.proofs.keys import KeyPair, verify_ed25519
from node.proofs.rdf import to_dataset
from node.proofs.template import SLOT_SCHEMES, TemplateCache, config_templates

__all__ = ["Cryptosuite", "ProofValueError", "document_hash"]

_CONFIG_CACHE_SIZE = 4096


class ProofValueError(CredentialError):
    """A proofValue that is not base58btc multibase of a 64-byte Ed25519 signature."""

    code = "PROOF_VALUE_INVALID"
    title = "Malformed proof value"


def document_hash(document: dict[str, Any], contexts: ContextSet) -> bytes:
    """SHA-256 of the canonical N-Quads of a document (its ``proof`` removed by the caller)."""
    return hashlib.sha256(canonical_nquads(to_dataset(document, contexts))).digest()


#: A proof-configuration template cache per context set (dropped with the set).
_CONFIG_TEMPLATES: weakref.WeakKeyDictionary[ContextSet, TemplateCache] = (
    weakref.WeakKeyDictionary()
)


def _plain_inline(context: dict[str, Any]) -> bool:
    """An inline context with no name holding ``:`` and none that is a slot's IRI scheme.

    A term named like an IRI, or ``did``/``urn`` defined as a prefix, would expand a real
    ``did:key``/``urn:uuid`` value unlike the template's sentinel; other names cannot.
    """
    stack: list[object] = [context]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if any(not isinstance(k, str) or ":" in k or k in SLOT_SCHEMES for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _templatable(document_contexts: object, contexts: ContextSet) -> bool:
    """Whether a configuration's ``@context`` lets the template carry its values exactly."""
    if not isinstance(document_contexts, list):
        return False
    return all(
        (isinstance(c, str) and c in contexts) or (isinstance(c, dict) and _plain_inline(c))
        for c in document_contexts
    )


def _canonical_config(config: dict[str, Any], contexts: ContextSet) -> bytes:
    """Canonical N-Quads of a proof configuration: through a template when exact, else full.

    Configurations of one suite and purpose differ only in ``created``, the key and a few
    strings, so their expansion is done once per shape and the values are substituted
    (``node.proofs.template``: it declines whatever it cannot carry exactly). Only when every
    ``@context`` entry is a URL of the pinned set or a plain inline context (see
    ``_templatable``); anything else goes the full path.
    """
    if _templatable(config.get("@context"), contexts):
        templates = _CONFIG_TEMPLATES.get(contexts)
        if templates is None:
            templates = _CONFIG_TEMPLATES.setdefault(contexts, config_templates(contexts))
        canonical = templates.canonical(config)
        if canonical is not None:
            return canonical
    return canonical_nquads(to_dataset(config, contexts))


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
        self,
        proof: dict[str, Any],
        document_context: object,
        contexts: ContextSet,
        *,
        cached: bool = True,
    ) -> bytes:
        """SHA-256 of the canonical proof configuration.

        Signing caches it (a batch signed in one second repeats it); verification passes
        ``cached=False``: nothing of a credential it has seen is kept.
        """
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        config["@context"] = document_context
        if not cached:
            return hashlib.sha256(_canonical_config(config, contexts)).digest()
        key = f"{id(contexts)}:{json.dumps(config, sort_keys=True, ensure_ascii=False)}"
        known = self._config_hashes.get(key)
        if known is not None:
            self._config_hashes.move_to_end(key)
            return known
        digest = hashlib.sha256(_canonical_config(config, contexts)).digest()
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
