"""Errors of the credential layer; every one is bad input to the caller (4xx).

    InputError (node.errors)
    └── CredentialError             a credential or presentation we cannot accept (422)
        ├── SigningError            cannot sign with this key or these options
        ├── UnsupportedCredentialError  valid elsewhere perhaps, but not checkable here
        ├── SchemaError             fails the Open Badges 3.0 JSON Schema; carries ``problems``
        ├── UndefinedTermError      a term no JSON-LD context defines
        ├── InvalidDidError         not a well-formed ``did:key``
        ├── DocumentTooComplexError over the proof layer's canonicalization bounds
        ├── MalformedCredentialError  an issue request of the wrong shape (400)
        ├── IssuerNotAllowedError   asks to be issued by someone other than this issuer
        ├── CredentialIdError       a requested ``id`` that cannot be kept
        └── ValidityPeriodError     a requested validity period that cannot be kept
    ConflictError (node.errors)
    └── CredentialIdTakenError      a requested ``id`` that names a credential issued already

The first six are defined by the proof layer (``node.proofs.errors``) and re-exported.
Codes are public (``urn:creditbank:error:<code>``): never rename one once released.
"""

from __future__ import annotations

from collections.abc import Sequence

from node.errors import ConflictError
from node.proofs.errors import (
    CredentialError,
    DocumentTooComplexError,
    InvalidDidError,
    SigningError,
    UndefinedTermError,
    UnsupportedCredentialError,
)

__all__ = [
    "CredentialError",
    "CredentialIdError",
    "CredentialIdTakenError",
    "DocumentTooComplexError",
    "InvalidDidError",
    "IssuerNotAllowedError",
    "MalformedCredentialError",
    "SchemaError",
    "SigningError",
    "UndefinedTermError",
    "UnsupportedCredentialError",
    "ValidityPeriodError",
]


class SchemaError(CredentialError):
    """The credential breaks the Open Badges 3.0 JSON Schema; ``problems`` says where."""

    code = "SCHEMA_INVALID"
    title = "Credential fails the Open Badges 3.0 schema"

    def __init__(self, problems: Sequence[str], detail: str | None = None) -> None:
        self.problems = list(problems)
        summary = detail or "; ".join(self.problems[:3]) or self.title
        super().__init__(summary, problems=self.problems)


class MalformedCredentialError(CredentialError):
    """An issue request or its credential is not shaped as VC-API and the VC data model say."""

    code = "CREDENTIAL_MALFORMED"
    http_status = 400
    title = "Malformed credential request"


class IssuerNotAllowedError(CredentialError):
    """The credential names an issuer other than this one; we sign only as ourselves."""

    code = "ISSUER_NOT_ALLOWED"
    title = "Issuer is not this issuer"


class CredentialIdError(CredentialError):
    """A requested credential ``id`` that is not an absolute URI we can store."""

    code = "CREDENTIAL_ID_INVALID"
    title = "Invalid credential id"


class CredentialIdTakenError(ConflictError):
    """A requested credential ``id`` names a credential this issuer issued already."""

    code = "CREDENTIAL_ID_TAKEN"
    title = "Credential id already used"


class ValidityPeriodError(CredentialError):
    """A requested validity period that is unreadable, empty or over already."""

    code = "VALIDITY_INVALID"
    title = "Invalid validity period"
