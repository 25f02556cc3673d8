"""Errors of the conversion audit, under the ``node.errors`` tree.

CreditBankError
└── InputError
    ├── EvidenceExportInvalidError    the export is not JSON of the expected shape (422)
    └── EvidenceExportSignerError     the export is signed by another account than it names (422)
"""

from __future__ import annotations

from node.errors import InputError

__all__ = ["EvidenceExportInvalidError", "EvidenceExportSignerError"]


class EvidenceExportInvalidError(InputError):
    """An evidence export that cannot be read: an audit of it would prove nothing."""

    code = "EVIDENCE_EXPORT_INVALID"
    title = "Invalid evidence export"


class EvidenceExportSignerError(InputError):
    """An evidence export whose signature is not the institution's it names."""

    code = "EVIDENCE_EXPORT_SIGNER"
    title = "Evidence export signed by someone else"
