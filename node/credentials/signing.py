"""Sign and verify credentials and presentations through our proof layer (``node.proofs``).

The suite follows the document's data model: VC 2.0 documents get a ``DataIntegrityProof``
(eddsa-rdfc-2022) in a ``proof`` array, VC 1.1 documents an ``Ed25519Signature2020`` proof.
Verification takes either. The work is CPU-bound but short (a few ms per credential), so it
runs in the caller's worker, as the issue asks: no pool per worker on request paths.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from node.credentials.contexts import VC_V2_CONTEXT
from node.credentials.errors import CredentialError, SigningError, UnsupportedCredentialError
from node.credentials.support import (
    check_credential,
    check_presentation,
    contexts_of,
    with_signing_context,
)
from node.proofs import (
    ASSERTION,
    AUTHENTICATION,
    ProofResult,
    SharedDatasets,
    TemplateCache,
    add_proof,
    pinned_contexts,
    suite_named,
    verify_proofs,
)
from node.proofs.rdf import check_shape, to_dataset

if TYPE_CHECKING:
    from node.credentials.keys import SigningKey

__all__ = [
    "ensure_defined",
    "is_vc2",
    "sign_credential",
    "sign_presentation",
    "verify_credential",
    "verify_presentation",
]

logger = logging.getLogger(__name__)

#: Issuance only: credentials of one shape (a standard, its credits) share one expansion.
_TEMPLATES = TemplateCache()


def is_vc2(document: dict[str, Any]) -> bool:
    """Whether a document is VC Data Model 2.0 (its first context is credentials/v2)."""
    return contexts_of(document)[:1] == [VC_V2_CONTEXT]


def _suite_for_document(document: dict[str, Any]) -> str:
    return "eddsa-rdfc-2022" if is_vc2(document) else "Ed25519Signature2020"


def ensure_defined(document: dict[str, Any]) -> None:
    """Expand in safe mode without signing: UndefinedTermError names a term no context defines.

    For requests whose body is rebuilt before signing (the VC-API route): their own terms are
    refused here, once, instead of by a throw-away signature.
    """
    to_dataset(check_shape(document), pinned_contexts())


def sign_credential_now(
    credential: dict[str, Any],
    key: SigningKey,
    *,
    proof_set: bool | None = None,
    shared_shape: bool = True,
) -> dict[str, Any]:
    """Sign for assertionMethod with the suite of the document's data model (synchronous).

    ``proof_set``: VC 2.0 proofs go in an array by default (Open Badges 3.0 requires it);
    False gives a single proof object, as VC-API clients read generic credentials.
    ``shared_shape=False`` keeps a one-off shape (a generic credential) out of the template
    cache that batch issuance of catalog credentials relies on.
    """
    document = check_credential(credential, signed=False)
    if _issuer_of(document) != key.did:
        raise SigningError(
            "the key is not a verification method of the issuer: no assertionMethod "
            "verification relationship"
        )
    if not is_vc2(document):
        document = with_signing_context(document)
    suite = _suite_for_document(document)
    signed = add_proof(
        document,
        key.pair,
        suite_named(suite),
        purpose=ASSERTION,
        as_list=is_vc2(document) if proof_set is None else proof_set and is_vc2(document),
        templates=_TEMPLATES if shared_shape else None,
    )
    logger.debug("signed credential %s with %s", document.get("id"), suite)
    return signed


async def sign_credential(credential: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """Sign for assertionMethod; the input is not modified."""
    return sign_credential_now(credential, key)


def _issuer_of(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer_id if isinstance(issuer_id, str) else None


def _errors(result: ProofResult) -> list[str]:
    """Proof errors; "unsupported" is raised, as it always was for callers of this module."""
    if result.status == "unsupported":
        raise UnsupportedCredentialError("; ".join(result.reasons))
    return list(result.reasons)


def credential_result(vc: object, *, shared: SharedDatasets | None = None) -> ProofResult:
    """The proof verdict of a signed credential, by a key of its own issuer.

    ``shared``: a presentation's datasets, so that a credential inside it is expanded once.
    """
    document = check_credential(vc, signed=True)
    return verify_proofs(
        document, purpose=ASSERTION, controller=_issuer_of(document), shared=shared
    )


async def verify_credential(vc: dict[str, Any]) -> list[str]:
    """The proof errors of a signed credential; empty means every proof holds."""
    return _errors(credential_result(vc))


async def sign_presentation(
    vp: dict[str, Any], key: SigningKey, *, challenge: str, domain: str
) -> dict[str, Any]:
    """Sign for authentication, bound to the verifier's challenge and domain."""
    _require_binding(challenge, domain)
    document = check_presentation(vp, signed=False)
    if document.get("holder") != key.did:
        raise SigningError(
            "the key is not a verification method of the holder: no authentication "
            "verification relationship"
        )
    if not is_vc2(document):
        document = with_signing_context(document)
    return add_proof(
        document,
        key.pair,
        suite_named(_suite_for_document(document)),
        purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
        as_list=is_vc2(document),
    )


def presentation_result(
    vp: object, *, challenge: str, domain: str, shared: SharedDatasets | None = None
) -> ProofResult:
    """The verdict on the presentation's own proof (the holder's), not the credentials in it."""
    _require_binding(challenge, domain)
    document = check_presentation(vp, signed=True)
    holder = document.get("holder")
    return verify_proofs(
        document,
        purpose=AUTHENTICATION,
        controller=holder if isinstance(holder, str) else None,
        challenge=challenge,
        domain=domain,
        shared=shared,
    )


async def verify_presentation(
    vp: dict[str, Any], *, challenge: str, domain: str, embedded: bool = True
) -> list[str]:
    """Errors of the presentation proof (challenge, domain) and of each credential inside.

    ``embedded=False`` leaves the credentials inside to a caller that verifies each anyway.
    """
    errors = _errors(presentation_result(vp, challenge=challenge, domain=domain))
    if not embedded:
        return errors
    inside = vp.get("verifiableCredential", [])
    for index, credential in enumerate(inside if isinstance(inside, list) else [inside]):
        errors += [
            f"verifiableCredential[{index}]: {e}" for e in await verify_credential(credential)
        ]
    return errors


def _require_binding(challenge: str, domain: str) -> None:
    """A presentation without challenge and domain could be replayed anywhere."""
    if not challenge or not domain:
        raise CredentialError("a presentation needs a non-empty challenge and domain")
