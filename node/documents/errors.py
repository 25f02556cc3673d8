"""Errors of the document store and of public documents, under the ``node.errors`` tree.

CreditBankError
├── InputError
│   ├── DocumentInvalidError           a document breaks its schema or its framework (422)
│   └── InvalidCidError                not a content identifier (422)
├── NotFoundError
│   ├── DocumentNotFoundError          the store has no content for this CID (404)
│   ├── DocumentEntryNotFoundError     no such standard, grade, level or field (404)
│   └── DocumentVersionNotFoundError   no version with that number or in force then (404)
└── DocumentStoreError                 the IPFS node misbehaved (502)
    ├── DocumentStoreUnavailableError  the IPFS node did not answer (503)
    ├── DocumentTooLargeError          content over the size we accept (502)
    └── DocumentDigestMismatchError    content differs from the anchored digest (502)
"""

from __future__ import annotations

from node.errors import CreditBankError, InputError, NotFoundError

__all__ = [
    "DocumentDigestMismatchError",
    "DocumentEntryNotFoundError",
    "DocumentInvalidError",
    "DocumentNotFoundError",
    "DocumentStoreError",
    "DocumentStoreUnavailableError",
    "DocumentTooLargeError",
    "DocumentVersionNotFoundError",
    "InvalidCidError",
]


class DocumentInvalidError(InputError):
    """A document breaks its own schema or refers to what its framework lacks."""

    code = "DOCUMENT_INVALID"
    title = "Invalid document"


class InvalidCidError(InputError):
    """The string is not a content identifier the store understands."""

    code = "INVALID_CID"
    title = "Invalid content identifier"


class DocumentNotFoundError(NotFoundError):
    """The document store holds no content for this CID (and, offline, cannot fetch it)."""

    code = "DOCUMENT_NOT_FOUND"
    title = "Document not found"


class DocumentEntryNotFoundError(NotFoundError):
    """A document has no entry (standard, grade, level, field...) under that code."""

    code = "DOCUMENT_ENTRY_NOT_FOUND"
    title = "No such entry in the document"


class DocumentVersionNotFoundError(NotFoundError):
    """No version of a document series has that number or was in force at that date."""

    code = "DOCUMENT_VERSION_NOT_FOUND"
    title = "No such document version"


class DocumentStoreError(CreditBankError):
    """The IPFS node answered with something we cannot use."""

    code = "IPFS_ERROR"
    http_status = 502
    title = "Document store error"


class DocumentStoreUnavailableError(DocumentStoreError):
    """The IPFS node did not answer: not running, refused, or timed out."""

    code = "IPFS_UNAVAILABLE"
    http_status = 503
    title = "Document store unavailable"


class DocumentTooLargeError(DocumentStoreError):
    """The content is larger than a public document may be."""

    code = "DOCUMENT_TOO_LARGE"
    title = "Document too large"


class DocumentDigestMismatchError(DocumentStoreError):
    """The content does not hash to the digest anchored on chain: refuse it."""

    code = "DOCUMENT_DIGEST_MISMATCH"
    title = "Document does not match its anchored digest"
