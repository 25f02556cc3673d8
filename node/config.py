"""Settings every service shares, with embedded defaults so that zero configuration runs."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path

from eth_utils.address import to_checksum_address
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEV_PASSPHRASE", "CoreSettings", "get_settings"]

#: The passphrase the embedded development chain uses when none is configured.
DEV_PASSPHRASE = "creditbank-dev-only"


class CoreSettings(BaseSettings):
    """Chain, database, IPFS and network settings; each service subclasses this."""

    model_config = SettingsConfigDict(env_prefix="CREDITBANK_", extra="ignore")

    data_dir: Path = Field(default=Path(".creditbank"), description="where state lives")
    rpc_urls: list[str] = Field(
        default_factory=list,
        description="JSON-RPC endpoints; empty means the embedded local node",
    )
    chain_id: int = 31337
    local_chain_port: int = 8545
    registry_address: str | None = None
    trusted_registries: list[str] = Field(
        default_factory=list,
        description="earlier registry deployments on this chain whose receipts still verify",
    )
    confirmations: int = Field(default=1, ge=1)
    tx_timeout_seconds: float = Field(default=60.0, gt=0)
    zero_fees: bool = Field(
        default=False, description="send with zero fees (a free-gas network, e.g. Besu zeroBaseFee)"
    )
    rpc_retries: int = Field(default=5, ge=0)
    rpc_backoff_seconds: float = Field(default=0.2, ge=0)
    database_url: str | None = None
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=100,
        description=(
            "connections each process keeps to a server database (PostgreSQL); more requests"
            " wait for one rather than open another"
        ),
    )
    ipfs_api: str = "/ip4/127.0.0.1/tcp/5001/http"
    ipfs_embedded: bool = True
    bind_host: str = "127.0.0.1"
    keystore_passphrase: SecretStr = SecretStr(DEV_PASSPHRASE)
    governor_quorum: int = Field(default=1, ge=1)
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="host names served besides loopback and the public URL's (behind a proxy)",
    )
    max_json_depth: int = Field(default=64, ge=8, le=512)
    max_presented_credentials: int = Field(
        default=50, ge=1, le=1000, description="credentials one presentation may carry"
    )
    challenges_per_minute: int = Field(
        default=60, ge=1, description="challenges one client may ask for in a minute"
    )

    @field_validator("bind_host")
    @classmethod
    def _refuse_public_bind_without_intent(cls, value: str) -> str:
        """Servers bind to loopback unless an explicit address is configured."""
        if value in {"0.0.0.0", "::"}:  # noqa: S104 - this is the check itself
            raise ValueError("binding every interface is refused; name an address")
        ipaddress.ip_address(value if value != "localhost" else "127.0.0.1")
        return value

    @field_validator("trusted_registries")
    @classmethod
    def _checksum_trusted_registries(cls, value: list[str]) -> list[str]:
        """A mistyped address is refused at start, not discovered as a failed receipt."""
        return [to_checksum_address(address) for address in value]

    @property
    def embedded_chain(self) -> bool:
        """Whether the project starts its own local chain node."""
        return not self.rpc_urls

    @property
    def effective_rpc_urls(self) -> list[str]:
        """The endpoints to use, the embedded node's when none are configured."""
        return self.rpc_urls or [f"http://127.0.0.1:{self.local_chain_port}"]

    @property
    def effective_database_url(self) -> str:
        """The configured database, or a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'creditbank.db').resolve()}"

    @model_validator(mode="after")
    def _refuse_dev_passphrase_beyond_loopback(self) -> CoreSettings:
        """The public development passphrase protects nothing once others can connect."""
        if self.uses_dev_passphrase() and not _is_loopback(self.bind_host):
            raise ValueError(
                f"binding {self.bind_host} needs CREDITBANK_KEYSTORE_PASSPHRASE: the development "
                "passphrase is public and is refused beyond loopback"
            )
        return self

    def uses_dev_passphrase(self) -> bool:
        """Whether keys are protected only by the public development passphrase."""
        return self.keystore_passphrase.get_secret_value() == DEV_PASSPHRASE


def _is_loopback(host: str) -> bool:
    return host == "localhost" or ipaddress.ip_address(host).is_loopback


@lru_cache
def get_settings() -> CoreSettings:
    """The process-wide settings; tests override or clear this cache."""
    return CoreSettings()
