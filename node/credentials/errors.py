"""Errors of the credential layer; every one is bad input to the caller (4xx).

    InputError (node.errors)
    └── CredentialError             a credential or presentation we cannot accept (422)
        ├── SigningError            cannot sign with this key or these options
        ├── UnsupportedCredentialError  valid elsewhere perhaps, but not checkable here
        ├── SchemaError             fails the Open Badges 3.0 JSON Schema; carries ``problems``
        ├── UndefinedTermError      a term no JSON-LD context defines
        ├── InvalidDidError         not a well-formed ``did:key``
        └── DocumentTooComplexError over the proof layer's canonicalization bounds

All but SchemaError are defined by the proof layer (``node.proofs.errors``) and re-exported.
Codes are public (``urn:creditbank:error:<code>``): never rename one once released.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    "DocumentTooComplexError",
    "InvalidDidError",
    "SchemaError",
    "SigningError",
    "UndefinedTermError",
    "UnsupportedCredentialError",
]


class SchemaError(CredentialError):
    """The credential breaks the Open Badges 3.0 JSON Schema; ``problems`` says where."""

    code = "SCHEMA_INVALID"
    title = "Credential fails the Open Badges 3.0 schema"

    def __init__(self, problems: Sequence[str], detail: str | None = None) -> None:
        self.problems = list(problems)
        summary = detail or "; ".join(self.problems[:3]) or self.title
        super().__init__(summary, problems=self.problems)
