"""Verification of credentials and presentations against the ledger: the employer's report.

Used by the verifier service and by the wallet when it receives a credential.
"""

from node.verification.catalogs import CatalogReader, CatalogVerdict, judge
from node.verification.chainview import ChainView
from node.verification.credits import CreditInput, CreditLine, classify, credit_statement
from node.verification.report import (
    Check,
    CheckStatus,
    CredentialReport,
    CredentialStatusName,
    PresentationReport,
)
from node.verification.summary import achievement_facts, credit_totals
from node.verification.verifier import CREDENTIAL_CHECKS, PRESENTATION_CHECKS, Verifier

__all__ = [
    "CREDENTIAL_CHECKS",
    "PRESENTATION_CHECKS",
    "CatalogReader",
    "CatalogVerdict",
    "ChainView",
    "Check",
    "CheckStatus",
    "CredentialReport",
    "CredentialStatusName",
    "CreditInput",
    "CreditLine",
    "PresentationReport",
    "Verifier",
    "achievement_facts",
    "classify",
    "credit_statement",
    "credit_totals",
    "judge",
]
