"""Issuer settings: the core's, plus who this issuer is and how it batches."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from node.config import CoreSettings

__all__ = ["IssuerSettings", "get_issuer_settings"]


class IssuerSettings(CoreSettings):
    """Settings of one certification body or institution."""

    issuer_port: int = 8001
    issuer_public_url: str = "http://127.0.0.1:8001"
    issuer_name: str = "Eastern Vocational Certification Centre"
    issuer_key_name: str = Field(default="issuer", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    batch_size: int = Field(default=1000, ge=1, le=100_000)
    batch_max_age_seconds: float = Field(default=2.0, gt=0)
    max_body_bytes: int = Field(default=5_000_000, ge=1024)
    max_csv_rows: int = Field(default=50_000, ge=1)
    signing_concurrency: int = Field(default=64, ge=1)
    #: processes that sign large certificate-list imports (issuer.signpool); unset: one on a
    #: host with 2 or more cores, none on one; 0: off; ignored when the service is one of
    #: several uvicorn workers
    bulk_signing_processes: int | None = Field(default=None, ge=0, le=64)
    #: imports with fewer new lines than this sign in the service's own process
    bulk_signing_min_rows: int = Field(default=200, ge=1)
    #: OpenID4VCI: how long a pre-authorised code (the offer) lives, its access token, a c_nonce
    offer_ttl_seconds: int = Field(default=600, ge=60, le=86400)
    access_token_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    c_nonce_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    accreditation_cache_seconds: float = Field(default=15.0, ge=0)
    #: how long an operator's console sign-in lasts (issuer.console)
    console_session_seconds: float = Field(default=8 * 3600, gt=0)


@lru_cache
def get_issuer_settings() -> IssuerSettings:
    """Process-wide issuer settings; tests pass their own to ``create_app``."""
    return IssuerSettings()
