"""Public, versioned documents: models, canonical digests, IPFS storage, on-chain anchoring."""

from node.documents.canonical import canonical_json, digest, parse_document
from node.documents.catalog import Award, FrameworkRef, Grade, OutcomeCatalog, OutcomeStandard
from node.documents.demo import load_demo_catalog, load_demo_framework
from node.documents.errors import (
    DocumentDigestMismatchError,
    DocumentEntryNotFoundError,
    DocumentInvalidError,
    DocumentNotFoundError,
    DocumentStoreError,
    DocumentStoreUnavailableError,
    DocumentTooLargeError,
    DocumentVersionNotFoundError,
    InvalidCidError,
)
from node.documents.framework import (
    CreditSystem,
    FieldOfStudy,
    Level,
    OutcomeType,
    QualificationFramework,
)
from node.documents.history import DocumentHistory
from node.documents.ipfs import IpfsClient, api_url_from_multiaddr
from node.documents.publisher import PublishedDocument, fetch_verified, publish, series_id
from node.documents.validation import catalog_problems, standard_scope, validate_catalog

__all__ = [
    "Award",
    "CreditSystem",
    "DocumentDigestMismatchError",
    "DocumentEntryNotFoundError",
    "DocumentHistory",
    "DocumentInvalidError",
    "DocumentNotFoundError",
    "DocumentStoreError",
    "DocumentStoreUnavailableError",
    "DocumentTooLargeError",
    "DocumentVersionNotFoundError",
    "FieldOfStudy",
    "FrameworkRef",
    "Grade",
    "InvalidCidError",
    "IpfsClient",
    "Level",
    "OutcomeCatalog",
    "OutcomeStandard",
    "OutcomeType",
    "PublishedDocument",
    "QualificationFramework",
    "api_url_from_multiaddr",
    "canonical_json",
    "catalog_problems",
    "digest",
    "fetch_verified",
    "load_demo_catalog",
    "load_demo_framework",
    "parse_document",
    "publish",
    "series_id",
    "standard_scope",
    "validate_catalog",
]
