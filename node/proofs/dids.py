"""Resolve verification methods offline: did:key by computation, others from pinned documents.

Nothing is ever fetched. A resolver maps a verification method id to the key, its controller
and the relationships (``assertionMethod``, ``authentication``) the controller grants it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from node.proofs.errors import InvalidDidError, UnsupportedCredentialError
from node.proofs.keys import decode_multikey

__all__ = [
    "KEY_TYPES",
    "Resolver",
    "VerificationMethod",
    "did_key_document",
    "resolve_did_key",
    "resolver_with_documents",
]

#: The key representations we read: Multikey and the 2020 suite's own type.
KEY_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})
_RELATIONSHIPS = ("assertionMethod", "authentication")


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """An Ed25519 public key as its controller publishes it."""

    id: str
    controller: str
    public_key: bytes
    relationships: frozenset[str]


Resolver = Callable[[str], VerificationMethod]


def resolve_did_key(method_id: str) -> VerificationMethod:
    """The did:key method ``did:key:z6Mk..#z6Mk..``; its key serves every relationship."""
    did, _, fragment = method_id.partition("#")
    if not did.startswith("did:key:"):
        method = did.split(":", 2)[1] if did.startswith("did:") and did.count(":") >= 2 else None
        named = f"did:{method}" if method else "a non-DID URL"
        raise UnsupportedCredentialError(
            f"verification method {method_id!r} uses {named}; only did:key resolves offline"
        )
    multikey = did.removeprefix("did:key:")
    if fragment and fragment != multikey:
        raise InvalidDidError("a did:key verification method's fragment must be its key")
    return VerificationMethod(
        id=f"{did}#{multikey}",
        controller=did,
        public_key=decode_multikey(multikey),
        relationships=frozenset(_RELATIONSHIPS),
    )


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of a did:key (Multikey form), as peers expand it."""
    method = resolve_did_key(did)
    multikey = did.removeprefix("did:key:")
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": method.id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": multikey,
            }
        ],
        **{relationship: [method.id] for relationship in _RELATIONSHIPS},
    }


def _absolute(ref: object, base: str) -> str | None:
    """A method reference (``#frag`` or full id) as a full id."""
    if isinstance(ref, dict):
        ref = ref.get("id")
    if not isinstance(ref, str):
        return None
    return f"{base}{ref}" if ref.startswith("#") else ref


def _methods_of(document: Mapping[str, Any]) -> Iterable[VerificationMethod]:
    """Every Ed25519 key a controller document lists, with the relationships it grants."""
    controller = document.get("id")
    if not isinstance(controller, str):
        return []
    granted: dict[str, set[str]] = {}
    for relationship in _RELATIONSHIPS:
        for ref in document.get(relationship, []):
            full = _absolute(ref, controller)
            if full:
                granted.setdefault(full, set()).add(relationship)
    found = []
    embedded = [r for rel in _RELATIONSHIPS for r in document.get(rel, []) if isinstance(r, dict)]
    for entry in [*document.get("verificationMethod", []), *embedded]:
        full = _absolute(entry, controller)
        if not full or not isinstance(entry, dict) or entry.get("type") not in KEY_TYPES:
            continue
        if entry.get("controller") != controller:
            continue
        key = decode_multikey(str(entry.get("publicKeyMultibase", "")))
        found.append(VerificationMethod(full, controller, key, frozenset(granted.get(full, set()))))
    return found


def resolver_with_documents(documents: Iterable[Mapping[str, Any]]) -> Resolver:
    """did:key, plus the keys of controller documents pinned by the caller (tests, trust lists)."""
    pinned = {method.id: method for doc in documents for method in _methods_of(doc)}

    def resolve(method_id: str) -> VerificationMethod:
        found = pinned.get(method_id)
        return found if found is not None else resolve_did_key(method_id)

    return resolve
