"""The public document models in one import: framework, catalog and their parts."""

from __future__ import annotations

from node.documents.base import Code, Credits, DocumentId, DocumentModel, VersionedDocument
from node.documents.catalog import Award, FrameworkRef, Grade, OutcomeCatalog, OutcomeStandard
from node.documents.framework import (
    OUTCOME_TYPE_CODES,
    CreditSystem,
    FieldOfStudy,
    Level,
    OutcomeType,
    OutcomeTypeCode,
    QualificationFramework,
)

__all__ = [
    "OUTCOME_TYPE_CODES",
    "Award",
    "Code",
    "CreditSystem",
    "Credits",
    "DocumentId",
    "DocumentModel",
    "FieldOfStudy",
    "FrameworkRef",
    "Grade",
    "Level",
    "OutcomeCatalog",
    "OutcomeStandard",
    "OutcomeType",
    "OutcomeTypeCode",
    "QualificationFramework",
    "VersionedDocument",
]
