"""Which credential format we issue: VC 2.0 + eddsa-rdfc-2022 by default, VC 1.1 on request.

``CREDITBANK_CREDENTIAL_FORMAT=vc11`` switches issuance (and the wallet's presentations) back to
VC Data Model 1.1 with Ed25519Signature2020 and the Open Badges 3.0.0 context, for verifiers
that know nothing newer. Verification always takes both.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CredentialFormat", "credential_format"]


class CredentialFormat(StrEnum):
    """A data model version and the suite that goes with it."""

    VC20 = "vc20"
    VC11 = "vc11"

    @property
    def suite(self) -> str:
        """The cryptosuite name (``node.proofs.suite_named``) this format signs with."""
        return "eddsa-rdfc-2022" if self is CredentialFormat.VC20 else "Ed25519Signature2020"


class _FormatSettings(BaseSettings):
    """Only the one setting, so any service can read it without its own settings class."""

    model_config = SettingsConfigDict(env_prefix="CREDITBANK_", extra="ignore")

    credential_format: CredentialFormat = CredentialFormat.VC20


@lru_cache(maxsize=1)
def credential_format() -> CredentialFormat:
    """The configured format (read once per process; tests clear the cache)."""
    return _FormatSettings().credential_format
