"""The issuer's status list counter: the next free BitstringStatusList index per account.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per issuer account that has handed out status list indexes."""
    op.create_table(
        "issuer_status_counter",
        sa.Column("account", sa.String(length=42), nullable=False),
        sa.Column("next_index", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account"),
    )


def downgrade() -> None:
    """Forget the counter (indexes already in credentials stay theirs on chain)."""
    op.drop_table("issuer_status_counter")
