"""Build, sign and hash one catalog credential: the CPU-bound part of issuance, in one function.

The same function runs in the service's event loop (direct issuance, small imports) and in the
bulk-import process pool (``issuer.signpool``), so both give the same credential: schema-gated
by ``build_credential``, signed once, hashed and serialised for its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from node.credentials import (
    Award,
    CredentialFormat,
    IssuerProfile,
    OutcomeStandardRef,
    SigningKey,
    build_credential,
    hashed_form,
)
from node.credentials.signing import sign_credential_now
from node.errors import CreditBankError

__all__ = ["SealJob", "Sealed", "seal", "seal_all", "stored_form"]


@dataclass(frozen=True, slots=True)
class SealJob:
    """Everything one credential needs, resolved by the parent (picklable for the pool)."""

    outcome: OutcomeStandardRef
    award: Award
    credential_id: str
    version: CredentialFormat
    status: tuple[str, int]


@dataclass(frozen=True, slots=True)
class Sealed:
    """A signed credential as its row stores it."""

    credential_id: str
    credential_hash: str
    body: str


def seal(job: SealJob, key: SigningKey, profile: IssuerProfile) -> Sealed:
    """Schema-gate, sign and hash one credential."""
    unsigned = build_credential(
        job.outcome,
        job.award,
        profile,
        credential_id=job.credential_id,
        version=job.version,
        status=job.status,
    )
    return stored_form(sign_credential_now(unsigned, key))


def stored_form(signed: dict[str, Any]) -> Sealed:
    """A signed credential's row form: its hash, and as its body the canonical bytes hashed.

    The body is the credential in RFC 8785 form (keys sorted, no spaces): the same JSON
    document, serialised once for both.
    """
    digest, canonical = hashed_form(signed)
    return Sealed(
        credential_id=signed["id"],
        credential_hash="0x" + digest.hex(),
        body=canonical.decode("utf-8"),
    )


def seal_all(
    jobs: list[SealJob], key: SigningKey, profile: IssuerProfile
) -> list[Sealed | CreditBankError]:
    """Seal each job; a refused one is its error, in place, and stops nothing."""
    out: list[Sealed | CreditBankError] = []
    for job in jobs:
        try:
            out.append(seal(job, key, profile))
        except CreditBankError as exc:
            out.append(exc)
    return out
