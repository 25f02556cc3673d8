"""What a wallet holds, as plain data that round-trips through its encrypted JSON document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["CREDENTIAL_STATES", "HeldCredential", "Refusal", "WalletData", "now_iso"]

#: ``active | suspended | revoked`` come from the chain; ``unknown`` when it could not say.
CREDENTIAL_STATES = ("active", "suspended", "revoked", "unknown")


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601 with ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class HeldCredential:
    """A credential with its anchor receipt and the last verification of both."""

    id: str
    credential: dict[str, Any]
    receipt: dict[str, Any] | None
    receipt_endpoint: str | None = None
    issuer_url: str | None = None
    received_at: str = field(default_factory=now_iso)
    #: ``pending`` until a receipt exists and verification passed; then a chain state.
    status: str = "pending"
    valid: bool = False
    reasons: list[str] = field(default_factory=list)
    checked_at: str | None = None
    #: the catalog in force on its credits at the last check (``CatalogVerdict.to_json()``)
    catalog: dict[str, Any] | None = None

    @property
    def pending(self) -> bool:
        """Waiting for its receipt: not verified yet, so neither counted nor presentable."""
        return self.status == "pending"

    @property
    def label(self) -> str:
        """What the learner sees: valid, suspended, revoked, invalid or pending."""
        if self.pending:
            return "pending"
        if self.valid and self.status == "active":
            return "valid"
        return self.status if self.status in ("suspended", "revoked") else "invalid"

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the encrypted document."""
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> HeldCredential:
        """Read back what ``to_json`` wrote."""
        return cls(**value)


@dataclass
class Refusal:
    """A credential the wallet would not keep, and why (shown to the learner, never kept)."""

    id: str
    reasons: list[str]
    at: str = field(default_factory=now_iso)


@dataclass
class WalletData:
    """The whole plaintext of a wallet: its key and its credentials."""

    did: str
    jwk: str = field(repr=False)
    created_at: str = field(default_factory=now_iso)
    credentials: dict[str, HeldCredential] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the encrypted document."""
        return {
            "did": self.did,
            "jwk": self.jwk,
            "created_at": self.created_at,
            "credentials": [c.to_json() for c in self.credentials.values()],
            "refusals": [asdict(r) for r in self.refusals[-50:]],
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> WalletData:
        """Read back what ``to_json`` wrote."""
        held = [HeldCredential.from_json(c) for c in value.get("credentials", [])]
        return cls(
            did=value["did"],
            jwk=value["jwk"],
            created_at=value["created_at"],
            credentials={c.id: c for c in held},
            refusals=[Refusal(**r) for r in value.get("refusals", [])],
        )
