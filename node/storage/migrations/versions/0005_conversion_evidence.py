"""Conversion evidence (issuer.models.ConversionEvidence) and the presentations it is built from.

The evidence of each conversion (presentation, decision, officer) stays with the institution;
the registry keeps only its digest, so an auditor given the signed export can check each entry.
New tables only: earlier application rows stay exactly as they were (and have no presentation).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A presentation per application and the evidence per conversion."""
    op.create_table(
        "issuer_conversion_presentation",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("presentation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["issuer_conversion.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )
    op.create_table(
        "issuer_conversion_evidence",
        sa.Column("conversion_id", sa.String(length=66), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("evidence_digest", sa.String(length=66), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["issuer_conversion.id"]),
        sa.PrimaryKeyConstraint("conversion_id"),
    )
    op.create_index(
        "ix_issuer_conversion_evidence_application_id",
        "issuer_conversion_evidence",
        ["application_id"],
    )


def downgrade() -> None:
    """Drop the evidence; conversions recorded meanwhile can no longer be audited."""
    op.drop_index(
        "ix_issuer_conversion_evidence_application_id", table_name="issuer_conversion_evidence"
    )
    op.drop_table("issuer_conversion_evidence")
    op.drop_table("issuer_conversion_presentation")
