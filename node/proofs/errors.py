"""Errors of the proof layer; every one is bad input to the caller (4xx).

    InputError (node.errors)
    └── CredentialError             a credential or presentation we cannot accept (422)
        ├── SigningError            cannot sign with this key or these options
        ├── UnsupportedCredentialError  valid elsewhere perhaps, but not checkable here
        ├── UndefinedTermError      a term or type no JSON-LD context defines (safe mode)
        ├── InvalidDidError         not a well-formed Ed25519 ``did:key``
        └── DocumentTooComplexError over the caps on quads, blank nodes or canonicalization time

They live here, below ``node.credentials`` (which re-exports them), so the proof layer needs
nothing above it. Codes are public (``urn:creditbank:error:<code>``): never rename one.
"""

from __future__ import annotations

from node.errors import InputError

__all__ = [
    "CredentialError",
    "DocumentTooComplexError",
    "InvalidDidError",
    "SigningError",
    "UndefinedTermError",
    "UnsupportedCredentialError",
]


class CredentialError(InputError):
    """A credential or presentation that is malformed or cannot be accepted."""

    code = "CREDENTIAL_INVALID"
    http_status = 422
    title = "Invalid credential"


class SigningError(CredentialError):
    """The document cannot be signed with the given key and options."""

    code = "SIGNING_FAILED"
    title = "Signing failed"


class UnsupportedCredentialError(CredentialError):
    """A format this verifier cannot check (unknown suite or context, another DID method...)."""

    code = "CREDENTIAL_UNSUPPORTED"
    title = "Unsupported credential format"


class UndefinedTermError(CredentialError):
    """A property, type or IRI that no JSON-LD context in the document defines."""

    code = "UNDEFINED_TERM"
    title = "Term not defined by any context"


class InvalidDidError(CredentialError):
    """A DID that is not a well-formed Ed25519 ``did:key``."""

    code = "DID_INVALID"
    title = "Invalid DID"


class DocumentTooComplexError(CredentialError):
    """A document beyond the bounds we canonicalize (quads, blank nodes, CPU time)."""

    code = "DOCUMENT_TOO_COMPLEX"
    title = "Document too complex to canonicalize"
