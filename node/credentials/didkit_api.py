"""The one module that imports didkit: typed, async wrappers that speak our errors.

didkit parses its JSON arguments synchronously (a ``ValueError`` at call time) and returns a
future that runs on its own Tokio runtime, so each call is awaited directly. Signing failures
raise ``DIDKitException``; verification returns a list of errors, which callers treat as
failed whenever it is non-empty (fail closed).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import didkit

from node.credentials.errors import (
    CredentialError,
    SigningError,
    UndefinedTermError,
    UnsupportedCredentialError,
)
from node.credentials.support import (
    PROOF_TYPE,
    check_credential,
    check_presentation,
    to_json,
    with_signing_context,
)

if TYPE_CHECKING:
    from node.credentials.keys import SigningKey

__all__ = [
    "jwk_did",
    "jwk_verification_method",
    "map_didkit_errors",
    "new_ed25519_jwk",
    "sign_credential",
    "sign_presentation",
    "verify_credential",
    "verify_presentation",
]

logger = logging.getLogger(__name__)

#: Only the proof is checked: credentialStatus would make didkit fetch status lists over HTTP.
_CHECKS = ["proof"]
#: didkit's stub declares DIDKitException as an instance; it is the exception class.
_DIDKitException = cast("type[Exception]", didkit.DIDKitException)


@contextmanager
def map_didkit_errors(operation: str, *, signing: bool) -> Iterator[None]:
    """Translate didkit's exceptions into ours, once, at the boundary."""
    try:
        yield
    except _DIDKitException as exc:
        message = str(exc)
        logger.info("didkit %s refused the document: %s", operation, exc.__class__.__name__)
        if "Unknown context" in message or "Remote context loading failed" in message:
            raise UnsupportedCredentialError(
                "a JSON-LD context is not built in and is never fetched"
            ) from exc
        if "Key expansion failed" in message:
            raise UndefinedTermError(
                "a property or type is not defined by any @context; add it to a context"
            ) from exc
        if signing:
            raise SigningError(f"{operation}: {message}") from exc
        raise CredentialError(f"{operation}: {message}") from exc
    except ValueError as exc:
        logger.info("didkit %s could not parse the document", operation)
        raise CredentialError(f"{operation}: malformed document: {exc}") from exc


def new_ed25519_jwk() -> str:
    """A fresh Ed25519 private key as a JWK string (secret: never log it)."""
    jwk: str = didkit.generate_ed25519_key()
    return jwk


def jwk_did(jwk: str) -> str:
    """The ``did:key`` of a JWK."""
    with map_didkit_errors("key_to_did", signing=True):
        did: str = didkit.key_to_did("key", jwk)
    return did


async def jwk_verification_method(jwk: str) -> str:
    """The ``did:key`` verification method id (``did:key:z..#z..``) of a JWK."""
    with map_didkit_errors("key_to_verification_method", signing=True):
        method: str = await didkit.key_to_verification_method("key", jwk)
    return method


async def sign_credential(credential: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """Sign with Ed25519Signature2020 for assertionMethod; the input is not modified."""
    document = with_signing_context(check_credential(credential, signed=False))
    options = {
        "proofPurpose": "assertionMethod",
        "verificationMethod": key.verification_method,
        "type": PROOF_TYPE,
    }
    with map_didkit_errors("sign_credential", signing=True):
        signed = await didkit.issue_credential(to_json(document), json.dumps(options), key.jwk)
    logger.debug("signed credential %s", document.get("id"))
    return _as_object(signed)


async def verify_credential(vc: dict[str, Any]) -> list[str]:
    """The proof errors of a signed credential; empty means the signature holds."""
    document = check_credential(vc, signed=True)
    options = {"proofPurpose": "assertionMethod", "checks": _CHECKS}
    with map_didkit_errors("verify_credential", signing=False):
        result = await didkit.verify_credential(to_json(document), json.dumps(options))
    return _errors(result)


async def sign_presentation(
    vp: dict[str, Any], key: SigningKey, *, challenge: str, domain: str
) -> dict[str, Any]:
    """Sign for authentication, bound to the verifier's challenge and domain."""
    _require_binding(challenge, domain)
    document = with_signing_context(check_presentation(vp, signed=False))
    options = {
        "proofPurpose": "authentication",
        "verificationMethod": key.verification_method,
        "challenge": challenge,
        "domain": domain,
        "type": PROOF_TYPE,
    }
    with map_didkit_errors("sign_presentation", signing=True):
        signed = await didkit.issue_presentation(to_json(document), json.dumps(options), key.jwk)
    return _as_object(signed)


async def verify_presentation(
    vp: dict[str, Any], *, challenge: str, domain: str, embedded: bool = True
) -> list[str]:
    """Errors of the presentation proof (challenge, domain) and of each credential inside.

    ``embedded=False`` leaves the credentials inside to a caller that verifies each anyway.
    """
    _require_binding(challenge, domain)
    document = check_presentation(vp, signed=True)
    options = {
        "proofPurpose": "authentication",
        "challenge": challenge,
        "domain": domain,
        "checks": _CHECKS,
    }
    with map_didkit_errors("verify_presentation", signing=False):
        result = await didkit.verify_presentation(to_json(document), json.dumps(options))
    errors = _errors(result)
    # didkit already rejects a proof without the expected challenge/domain; checking
    # again here keeps that guarantee if a later didkit relaxes it.
    for proof in _proof_list(document):
        if proof.get("challenge") != challenge:
            errors.append("presentation proof challenge does not match")
        if proof.get("domain") != domain:
            errors.append("presentation proof domain does not match")
    # didkit 0.3.3 checks only the presentation's own proof, not the credentials inside it:
    # a holder could sign an altered credential. Each one is verified on its own.
    if not embedded:
        return errors
    inside = document.get("verifiableCredential", [])
    for index, credential in enumerate(inside if isinstance(inside, list) else [inside]):
        errors += [
            f"verifiableCredential[{index}]: {e}" for e in await verify_credential(credential)
        ]
    return errors


def _require_binding(challenge: str, domain: str) -> None:
    """A presentation without challenge and domain could be replayed anywhere."""
    if not challenge or not domain:
        raise CredentialError("a presentation needs a non-empty challenge and domain")


def _proof_list(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The proof objects of a checked document."""
    proof = document.get("proof")
    return proof if isinstance(proof, list) else [proof] if isinstance(proof, dict) else []


def _as_object(text: str) -> dict[str, Any]:
    """The JSON text didkit returns, as a dict."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise CredentialError("didkit returned a non-object document")
    return value


def _errors(result: str) -> list[str]:
    """The ``errors`` list of a didkit verification result."""
    errors = json.loads(result).get("errors", [])
    return [str(error) for error in errors]
