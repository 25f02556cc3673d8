"""Verifier settings: the core's (a chain node and the registry), plus how it is reached."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from node.config import CoreSettings

__all__ = ["VerifierSettings", "get_verifier_settings"]


class VerifierSettings(CoreSettings):
    """Settings of one employer-facing verifier; it needs no keys and no accreditation."""

    verifier_port: int = 8002
    verifier_public_url: str = Field(
        default="http://127.0.0.1:8002",
        description="the domain presentations must be bound to",
    )
    challenge_ttl_seconds: int = Field(default=300, ge=10, le=86_400)
    share_ttl_seconds: int = Field(
        default=7 * 86_400, ge=60, le=90 * 86_400, description="how long a short link works"
    )
    max_body_bytes: int = Field(default=2_000_000, ge=1024)
    batch_chain_reads: bool = Field(
        default=True,
        description="send the status reads made at one moment as one JSON-RPC batch "
        "(off: one request per read, for a node that refuses batches)",
    )

    @property
    def effective_database_url(self) -> str:
        """The configured database, or a SQLite file of its own beside the issuer's."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'verifier.db').resolve()}"

    @property
    def domain(self) -> str:
        """The domain a presentation for this verifier is bound to."""
        return self.verifier_public_url.rstrip("/")


@lru_cache
def get_verifier_settings() -> VerifierSettings:
    """Process-wide verifier settings; tests pass their own to ``create_app``."""
    return VerifierSettings()
