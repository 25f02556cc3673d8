"""Wallet settings: the core's, plus where wallets live and how the personal service runs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from node.config import CoreSettings

__all__ = ["WalletSettings", "get_wallet_settings"]

_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class WalletSettings(CoreSettings):
    """Settings of one learner's wallet service and command line."""

    wallet_port: int = 8003
    wallet_public_url: str = Field(
        default="http://127.0.0.1:8003", description="the address links to this wallet carry"
    )
    wallet_dir: Path | None = Field(
        default=None, description="folder of wallet files; default <data_dir>/wallets"
    )
    wallet_name: str = Field(default="default", pattern=_NAME)
    #: scrypt cost of the wallet envelope; 2**15 unless a test wants speed.
    wallet_kdf_cost: int = Field(default=2**15, ge=2**10, le=2**20)
    wallet_session_seconds: int = Field(default=3600, ge=60)
    verifier_url: str = "http://127.0.0.1:8002"
    max_body_bytes: int = Field(default=5_000_000, ge=1024)
    http_timeout_seconds: float = Field(default=60.0, gt=0)

    @property
    def effective_database_url(self) -> str:
        """The configured database, or a SQLite file of the wallet's own (unlock back-off)."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'wallet.db').resolve()}"

    @property
    def wallets_folder(self) -> Path:
        """Where the encrypted wallet files are."""
        return self.wallet_dir or self.data_dir / "wallets"


@lru_cache
def get_wallet_settings() -> WalletSettings:
    """Process-wide wallet settings; tests pass their own to ``create_app``."""
    return WalletSettings()
