"""Refuse, before any canonicalization, documents we cannot process or do not accept.

Checking shape first gives the caller a clear reason: a context outside the pinned set, a
proof suite we have no module for or a DID method we cannot resolve offline is "unsupported"
(``CREDENTIAL_UNSUPPORTED``), never valid; a malformed document is ``CREDENTIAL_INVALID``.
"""

from __future__ import annotations

import json
from typing import Any

from node.credentials.contexts import (
    ED25519_2020_CONTEXT,
    VC_V1_CONTEXT,
    unsupported_context_reason,
)
from node.credentials.dids import is_did, require_did_key
from node.credentials.errors import CredentialError, UnsupportedCredentialError
from node.proofs import suite_for

__all__ = [
    "PROOF_TYPE",
    "check_credential",
    "check_presentation",
    "load_json_object",
    "to_json",
    "with_signing_context",
]

#: The VC 1.1 suite (kept for callers that name it; VC 2.0 uses DataIntegrityProof).
PROOF_TYPE = "Ed25519Signature2020"


def load_json_object(raw: str | bytes) -> dict[str, Any]:
    """Parse untrusted JSON text that must be one object, mapping failure to our error."""
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CredentialError(f"not valid JSON: {exc.__class__.__name__}") from exc
    return require_object(value, "document")


def require_object(value: object, what: str) -> dict[str, Any]:
    """The value if it is a JSON object; CredentialError otherwise."""
    if not isinstance(value, dict):
        raise CredentialError(f"{what} must be a JSON object, not {type(value).__name__}")
    return value


def to_json(document: dict[str, Any]) -> str:
    """Serialise; NaN, infinities and non-JSON values are refused."""
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CredentialError(f"not serialisable as JSON: {exc}") from exc


def with_signing_context(document: dict[str, Any]) -> dict[str, Any]:
    """A VC 1.1 copy whose @context carries the Ed25519Signature2020 context (pitfall 1)."""
    contexts = contexts_of(document)
    if ED25519_2020_CONTEXT in contexts or VC_V1_CONTEXT not in contexts:
        return dict(document)
    return {**document, "@context": [*contexts, ED25519_2020_CONTEXT]}


def check_credential(credential: object, *, signed: bool) -> dict[str, Any]:
    """Refuse what we cannot process; ``signed`` says whether a proof must (or must not) exist."""
    document = require_object(credential, "credential")
    _check_contexts(document)
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    _check_did(issuer_id, "issuer")
    _check_proofs(document, signed=signed)
    return document


def check_presentation(presentation: object, *, signed: bool) -> dict[str, Any]:
    """As ``check_credential``, for the presentation and every credential inside it."""
    document = require_object(presentation, "presentation")
    _check_contexts(document)
    holder = document.get("holder")
    _check_did(holder, "holder")
    _check_proofs(document, signed=signed)
    embedded = document.get("verifiableCredential", [])
    for credential in embedded if isinstance(embedded, list) else [embedded]:
        check_credential(credential, signed=True)
    return document


def contexts_of(document: dict[str, Any]) -> list[Any]:
    """The @context as a list; a missing or empty one is malformed."""
    contexts = document.get("@context")
    if isinstance(contexts, str | dict):
        contexts = [contexts]
    if not isinstance(contexts, list) or not contexts:
        raise CredentialError("@context must be a non-empty list")
    return contexts


def _check_contexts(document: dict[str, Any]) -> None:
    """Every remote context must be pinned; inline objects may not import remote ones."""
    for context in contexts_of(document):
        if isinstance(context, str):
            reason = unsupported_context_reason(context)
            if reason:
                raise UnsupportedCredentialError(reason)
        elif isinstance(context, dict):
            if "@import" in context:
                raise UnsupportedCredentialError("inline contexts may not @import remote contexts")
        else:
            raise CredentialError("@context entries must be IRIs or objects")


def _check_did(value: object, role: str) -> None:
    """A malformed did:key is invalid; any other identifier cannot be resolved offline."""
    if value is None:
        raise CredentialError(f"{role} is missing")
    if isinstance(value, str) and not is_did(value) and not value.startswith("did:key:"):
        raise UnsupportedCredentialError(
            f"{role} is not a DID; only did:key can be checked here (nothing is fetched)"
        )
    require_did_key(value, role=role)


def _proofs(document: dict[str, Any]) -> list[Any]:
    """The proof entries as a list (absent means none)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return proof if isinstance(proof, list) else [proof]


def _check_proofs(document: dict[str, Any], *, signed: bool) -> None:
    """Signed documents carry only proofs of our suites, each by a did:key."""
    proofs = _proofs(document)
    if not signed:
        if proofs:
            raise CredentialError("document is already signed")
        return
    if not proofs:
        raise CredentialError("document carries no proof")
    for proof in proofs:
        if not isinstance(proof, dict):
            raise CredentialError("proof must be an object")
        if suite_for(proof) is None:
            kind = proof.get("type")
            named = f"{kind} ({proof.get('cryptosuite')})" if "cryptosuite" in proof else kind
            raise UnsupportedCredentialError(
                f"proof suite {named!r} is not supported; only eddsa-rdfc-2022 and "
                "Ed25519Signature2020 can be verified here"
            )
        method = proof.get("verificationMethod")
        if not isinstance(method, str):
            raise CredentialError("proof has no verificationMethod")
        _check_did(method.split("#", 1)[0], "proof verificationMethod")
