"""The conversion audit: an institution's signed evidence export against the chain and rules."""

from node.audit.conversions import audit_conversions
from node.audit.errors import EvidenceExportInvalidError, EvidenceExportSignerError
from node.audit.evidence import (
    EvidenceEntry,
    EvidenceExport,
    evidence_digest,
    parse_export,
    read_export,
    sign_export,
)
from node.audit.report import AuditedConversion, AuditReport, Finding

__all__ = [
    "AuditReport",
    "AuditedConversion",
    "EvidenceEntry",
    "EvidenceExport",
    "EvidenceExportInvalidError",
    "EvidenceExportSignerError",
    "Finding",
    "audit_conversions",
    "evidence_digest",
    "parse_export",
    "read_export",
    "sign_export",
]
