"""Errors of the credential layer; every one is bad input to the caller (4xx).

    InputError (node.errors)
    └── CredentialError             a credential or presentation we cannot accept (422)
        ├── SigningError            didkit refused to sign (key, verification method)
        ├── UnsupportedCredentialError  valid elsewhere perhaps, but not checkable here
        ├── SchemaError             fails the Open Badges 3.0 JSON Schema; carries ``problems``
        ├── UndefinedTermError      a term no JSON-LD context defines
        └── InvalidDidError         not a well-formed ``did:key``

Codes are public (``urn:creditbank:error:<code>``): never rename one once released.
"""

from __future__ import annotations

from collections.abc import Sequence

from node.errors import InputError

__all__ = [
    "CredentialError",
    "InvalidDidError",
    "SchemaError",
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
    """didkit refused to sign with the given key and options."""

    code = "SIGNING_FAILED"
    title = "Signing failed"


class UnsupportedCredentialError(CredentialError):
    """A format this verifier cannot check (VC 2.0, DataIntegrityProof, remote contexts...)."""

    code = "CREDENTIAL_UNSUPPORTED"
    title = "Unsupported credential format"


class SchemaError(CredentialError):
    """The credential breaks the Open Badges 3.0 JSON Schema; ``problems`` says where."""

    code = "SCHEMA_INVALID"
    title = "Credential fails the Open Badges 3.0 schema"

    def __init__(self, problems: Sequence[str], detail: str | None = None) -> None:
        self.problems = list(problems)
        summary = detail or "; ".join(self.problems[:3]) or self.title
        super().__init__(summary, problems=self.problems)


class UndefinedTermError(CredentialError):
    """A property or type that no JSON-LD context in the document defines."""

    code = "UNDEFINED_TERM"
    title = "Term not defined by any context"


class InvalidDidError(CredentialError):
    """A DID that is not a well-formed Ed25519 ``did:key``."""

    code = "DID_INVALID"
    title = "Invalid DID"
