"""Operators' console passwords (issuer.passwords): argon2id hashes, one row per operator.

A table beside ``issuer_operator`` rather than a column in it, so earlier operator rows stay
exactly as they were.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Operators keep their API keys and have no password until one is set."""
    op.create_table(
        "issuer_operator_password",
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["issuer_operator.id"]),
        sa.PrimaryKeyConstraint("operator_id"),
    )


def downgrade() -> None:
    """Drop the passwords; operators sign in to the console again once new ones are set."""
    op.drop_table("issuer_operator_password")
