"""The expiring-token store (node.tokens): challenges, codes, nonces, sessions, back-off.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One table for everything that expires, with its look-up, quota and sweep indexes."""
    op.create_table(
        "expiring_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("consumed_at", sa.Float(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_expiring_token_kind_key", "expiring_token", ["kind", "key"], unique=True)
    op.create_index("ix_expiring_token_quota", "expiring_token", ["kind", "client", "created_at"])
    op.create_index("ix_expiring_token_expires_at", "expiring_token", ["expires_at"])


def downgrade() -> None:
    """Drop the store; live challenges and codes are lost, which only asks users to retry."""
    op.drop_table("expiring_token")
