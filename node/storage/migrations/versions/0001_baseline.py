"""Baseline: the schema of release 3478b78, as its ``create_all`` made it.

Every table is created only if missing, so a database that release made (the issuer's with
every table, the verifier's with the core's and its own) is adopted as it is, rows intact.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _missing(table: str) -> bool:
    """Whether the release before migrations left this table out of this database."""
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    """Create the tables of release 3478b78 that the database does not have yet."""
    if _missing("chain_event"):
        op.create_table(
            "chain_event",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("block_number", sa.BigInteger(), nullable=False),
            sa.Column("block_hash", sa.String(length=66), nullable=False),
            sa.Column("tx_hash", sa.String(length=66), nullable=False),
            sa.Column("log_index", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("args", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("tx_hash", "log_index"),
        )
        op.create_index("ix_chain_event_block_number", "chain_event", ["block_number"])
        op.create_index("ix_chain_event_name", "chain_event", ["name"])
    if _missing("indexer_cursor"):
        op.create_table(
            "indexer_cursor",
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("block_number", sa.BigInteger(), nullable=False),
            sa.Column("block_hash", sa.String(length=66), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )
    if _missing("issuer_application"):
        op.create_table(
            "issuer_application",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("learner_did", sa.String(length=200), nullable=False),
            sa.Column("standard_code", sa.String(length=60), nullable=False),
            sa.Column("field_code", sa.String(length=60), nullable=False),
            sa.Column("grade", sa.String(length=40), nullable=True),
            sa.Column("result", sa.String(length=100), nullable=True),
            sa.Column("evidence", sa.JSON(), nullable=False),
            sa.Column("submitted_by", sa.String(length=200), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("reviewer", sa.String(length=100), nullable=True),
            sa.Column("comment", sa.Text(), nullable=True),
            sa.Column("decided_at", sa.DateTime(), nullable=True),
            sa.Column("credential_id", sa.String(length=80), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_issuer_application_field_code", "issuer_application", ["field_code"])
        op.create_index("ix_issuer_application_learner_did", "issuer_application", ["learner_did"])
        op.create_index("ix_issuer_application_status", "issuer_application", ["status"])
    if _missing("issuer_audit"):
        op.create_table(
            "issuer_audit",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("actor", sa.String(length=200), nullable=False),
            sa.Column("action", sa.String(length=60), nullable=False),
            sa.Column("target", sa.String(length=200), nullable=False),
            sa.Column("detail", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_issuer_audit_action", "issuer_audit", ["action"])
        op.create_index("ix_issuer_audit_at", "issuer_audit", ["at"])
    if _missing("issuer_batch"):
        op.create_table(
            "issuer_batch",
            sa.Column("root", sa.String(length=66), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("tx_hash", sa.String(length=66), nullable=True),
            sa.Column("block_number", sa.BigInteger(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("root"),
        )
        op.create_index("ix_issuer_batch_status", "issuer_batch", ["status"])
    if _missing("issuer_conversion"):
        op.create_table(
            "issuer_conversion",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("learner_did", sa.String(length=200), nullable=False),
            sa.Column("programme_id", sa.String(length=128), nullable=False),
            sa.Column("programme_version", sa.Integer(), nullable=False),
            sa.Column("sources", sa.JSON(), nullable=False),
            sa.Column("proposal", sa.JSON(), nullable=False),
            sa.Column("decision", sa.JSON(), nullable=True),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("officer", sa.String(length=120), nullable=True),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.Column("conversion_id", sa.String(length=66), nullable=True),
            sa.Column("credential_id", sa.String(length=80), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("conversion_id"),
        )
        op.create_index("ix_issuer_conversion_learner_did", "issuer_conversion", ["learner_did"])
        op.create_index("ix_issuer_conversion_programme_id", "issuer_conversion", ["programme_id"])
        op.create_index("ix_issuer_conversion_status", "issuer_conversion", ["status"])
    if _missing("issuer_credential"):
        op.create_table(
            "issuer_credential",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("credential_id", sa.String(length=80), nullable=False),
            sa.Column("credential_hash", sa.String(length=66), nullable=False),
            sa.Column("learner_did", sa.String(length=200), nullable=False),
            sa.Column("standard_code", sa.String(length=60), nullable=False),
            sa.Column("field_bit", sa.Integer(), nullable=False),
            sa.Column("type_bit", sa.Integer(), nullable=False),
            sa.Column("level", sa.Integer(), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("batch_root", sa.String(length=66), nullable=True),
            sa.Column("path", sa.JSON(), nullable=True),
            sa.Column("import_key", sa.String(length=200), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("credential_hash"),
            sa.UniqueConstraint("credential_id"),
            sa.UniqueConstraint("import_key"),
        )
        op.create_index("ix_issuer_credential_batch_root", "issuer_credential", ["batch_root"])
        op.create_index("ix_issuer_credential_learner_did", "issuer_credential", ["learner_did"])
        op.create_index(
            "ix_issuer_credential_standard_code", "issuer_credential", ["standard_code"]
        )
        op.create_index("ix_issuer_credential_status_id", "issuer_credential", ["status", "id"])
    if _missing("issuer_learner"):
        op.create_table(
            "issuer_learner",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("student_id", sa.String(length=100), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("did", sa.String(length=200), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("student_id"),
        )
        op.create_index("ix_issuer_learner_did", "issuer_learner", ["did"])
    if _missing("issuer_operator"):
        op.create_table(
            "issuer_operator",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=100), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("fields", sa.JSON(), nullable=False),
            sa.Column("key_hash", sa.String(length=64), nullable=False),
            sa.Column("active", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("key_hash"),
            sa.UniqueConstraint("name"),
        )
    if _missing("issuer_programme"):
        op.create_table(
            "issuer_programme",
            sa.Column("programme_id", sa.String(length=128), nullable=False),
            sa.Column("programme_version", sa.Integer(), nullable=False),
            sa.Column("programme_json", sa.Text(), nullable=False),
            sa.Column("programme_cid", sa.String(length=100), nullable=False),
            sa.Column("rule_set_json", sa.Text(), nullable=False),
            sa.Column("rule_set_cid", sa.String(length=100), nullable=False),
            sa.Column("rule_set_digest", sa.String(length=66), nullable=False),
            sa.Column("published_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("programme_id", "programme_version"),
        )
    if _missing("tx_journal"):
        op.create_table(
            "tx_journal",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("chain_id", sa.BigInteger(), nullable=False),
            sa.Column("sender", sa.String(length=42), nullable=False),
            sa.Column("nonce", sa.BigInteger(), nullable=False),
            sa.Column("tx_hash", sa.String(length=66), nullable=False),
            sa.Column("raw_tx", sa.String(), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("block_number", sa.BigInteger(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("key"),
            sa.UniqueConstraint("tx_hash"),
        )
        op.create_index("ix_tx_journal_sender", "tx_journal", ["sender"])
        op.create_index("ix_tx_journal_sender_nonce", "tx_journal", ["chain_id", "sender", "nonce"])
        op.create_index("ix_tx_journal_status", "tx_journal", ["status"])
    if _missing("verifier_challenge"):
        op.create_table(
            "verifier_challenge",
            sa.Column("challenge", sa.String(length=64), nullable=False),
            sa.Column("domain", sa.String(length=500), nullable=False),
            sa.Column("expires_at", sa.BigInteger(), nullable=False),
            sa.Column("created_at", sa.BigInteger(), nullable=False),
            sa.Column("used_at", sa.BigInteger(), nullable=True),
            sa.PrimaryKeyConstraint("challenge"),
        )
        op.create_index("ix_verifier_challenge_expires_at", "verifier_challenge", ["expires_at"])
    if _missing("chain_event_key"):
        op.create_table(
            "chain_event_key",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("event_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=120), nullable=False),
            sa.ForeignKeyConstraint(["event_id"], ["chain_event.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_chain_event_key_key", "chain_event_key", ["key"])
    if _missing("issuer_offer"):
        op.create_table(
            "issuer_offer",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("code_hash", sa.String(length=64), nullable=False),
            sa.Column("learner_id", sa.Integer(), nullable=True),
            sa.Column("credential_id", sa.String(length=80), nullable=True),
            sa.Column("expires_at", sa.DateTime(), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=True),
            sa.Column("nonce", sa.String(length=64), nullable=True),
            sa.Column("redeemed_at", sa.DateTime(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["learner_id"],
                ["issuer_learner.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("code_hash"),
            sa.UniqueConstraint("token_hash"),
        )
        op.create_index("ix_issuer_offer_credential_id", "issuer_offer", ["credential_id"])


def downgrade() -> None:
    """Drop every table of the baseline."""
    op.drop_table("issuer_offer")
    op.drop_table("chain_event_key")
    op.drop_table("verifier_challenge")
    op.drop_table("tx_journal")
    op.drop_table("issuer_programme")
    op.drop_table("issuer_operator")
    op.drop_table("issuer_learner")
    op.drop_table("issuer_credential")
    op.drop_table("issuer_conversion")
    op.drop_table("issuer_batch")
    op.drop_table("issuer_audit")
    op.drop_table("issuer_application")
    op.drop_table("indexer_cursor")
    op.drop_table("chain_event")
