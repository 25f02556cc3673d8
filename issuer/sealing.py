"""Build, sign and hash one catalog credential: the CPU-bound part of issuance, in one function.

The same function runs in the service's event loop (direct issuance, small imports) and in the
bulk-import process pool (``issuer.signpool``), so both give the same credential: schema-gated
by ``build_credential``, signed once, hashed and serialised for its row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from node.credentials import (
    Award,
    CredentialFormat,
    IssuerProfile,
    OutcomeStandardRef,
    SigningKey,
    build_credential,
    credential_hash,
)
from node.credentials.signing import sign_credential_now
from node.errors import CreditBankError

__all__ = ["SealJob", "Sealed", "seal", "seal_all"]


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
    signed = sign_credential_now(unsigned, key)
    return Sealed(
        credential_id=signed["id"],
        credential_hash="0x" + credential_hash(signed).hex(),
        body=json.dumps(signed, separators=(",", ":")),
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
