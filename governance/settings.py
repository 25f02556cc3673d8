"""Governance settings: the core's, the member's key name, and how the service is reached."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field

from node.config import CoreSettings

__all__ = ["GovernanceSettings", "get_governance_settings"]


class GovernanceSettings(CoreSettings):
    """One member's governance desk: it signs with that member's key, from its own keystore."""

    governance_port: int = 8004
    governance_public_url: str = "http://127.0.0.1:8004"
    governance_key_name: str = Field(
        default="governor", description="the member's key in its keystore (governor or branch)"
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    log_block_step: int = Field(
        default=2_000,
        ge=1,
        description="blocks per eth_getLogs call when the desk scans registry events (nodes "
        "cap a log query's range); scans start at the registry's deployment block",
    )
    validator_dialect: Literal["clique", "qbft"] = Field(
        default="clique", description="validator votes: clique_propose or qbft (Besu QBFT)"
    )

    @property
    def effective_database_url(self) -> str:
        """The configured database, or a SQLite file of its own (the transaction journal)."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'governance.db').resolve()}"


@lru_cache
def get_governance_settings() -> GovernanceSettings:
    """Process-wide settings; tests pass their own to ``create_app``."""
    return GovernanceSettings()
