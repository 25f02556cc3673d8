"""Refuse, before didkit sees them, documents that it cannot process or that we do not accept.

didkit 0.3.3 fails on VC 2.0, ``DataIntegrityProof``, Open Badges contexts newer than 3.0.0
and any remote context it does not embed, sometimes with a bare parse error. Checking first
gives the caller a clear reason (``CREDENTIAL_UNSUPPORTED``) and never reports them as valid.
"""

from __future__ import annotations

import json
from typing import Any

from node import jsonlimits
from node.credentials.contexts import ED25519_2020_CONTEXT, unsupported_context_reason
from node.credentials.dids import is_did, require_did_key
from node.credentials.errors import CredentialError, UnsupportedCredentialError
from node.errors import InputError

__all__ = [
    "PROOF_TYPE",
    "check_credential",
    "check_presentation",
    "load_json_object",
    "to_json",
    "with_signing_context",
]

#: The one proof suite we sign and verify.
PROOF_TYPE = "Ed25519Signature2020"


def load_json_object(raw: str | bytes) -> dict[str, Any]:
    """Parse untrusted JSON text that must be one object, mapping failure to our error."""
    try:
        value = jsonlimits.loads(raw)
    except (InputError, UnicodeDecodeError) as exc:
        raise CredentialError(f"not valid JSON: {exc.__class__.__name__}") from exc
    return require_object(value, "document")


def require_object(value: object, what: str) -> dict[str, Any]:
    """The value if it is a JSON object; CredentialError otherwise."""
    if not isinstance(value, dict):
        raise CredentialError(f"{what} must be a JSON object, not {type(value).__name__}")
    return value


def to_json(document: dict[str, Any]) -> str:
    """Serialise for didkit; NaN, infinities and non-JSON values are refused."""
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CredentialError(f"not serialisable as JSON: {exc}") from exc


def with_signing_context(document: dict[str, Any]) -> dict[str, Any]:
    """A copy whose @context carries the Ed25519Signature2020 context (interop pitfall 1)."""
    contexts = _contexts(document)
    if ED25519_2020_CONTEXT in contexts:
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


def _contexts(document: dict[str, Any]) -> list[Any]:
    """The @context as a list; a missing or empty one is malformed."""
    contexts = document.get("@context")
    if isinstance(contexts, str | dict):
        contexts = [contexts]
    if not isinstance(contexts, list) or not contexts:
        raise CredentialError("@context must be a non-empty list")
    return contexts


def _check_contexts(document: dict[str, Any]) -> None:
    """Every remote context must be one didkit embeds; inline objects may not import remote."""
    for context in _contexts(document):
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
    """Signed documents carry only Ed25519Signature2020 proofs by a did:key."""
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
        kind = proof.get("type")
        if kind == "DataIntegrityProof":
            suite = proof.get("cryptosuite", "unknown")
            raise UnsupportedCredentialError(
                f"DataIntegrityProof ({suite}) is not supported; only {PROOF_TYPE} proofs "
                "can be verified here"
            )
        if kind != PROOF_TYPE:
            raise UnsupportedCredentialError(
                f"proof type {kind!r} is not supported; only {PROOF_TYPE}"
            )
        method = proof.get("verificationMethod")
        if not isinstance(method, str):
            raise CredentialError("proof has no verificationMethod")
        _check_did(method.split("#", 1)[0], "proof verificationMethod")
