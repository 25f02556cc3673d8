"""Held credentials shaped as the issuer signs them, without didkit or a chain."""

from __future__ import annotations

from typing import Any

from wallet import HeldCredential

DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def held(
    credential_id: str,
    *,
    credits: float | int,
    field: str = "information-technology",
    level: int = 4,
    system: str = "CB",
    outcome: str = "skill_certificate",
    status: str = "active",
    valid: bool = True,
) -> HeldCredential:
    achievement: dict[str, Any] = {
        "type": ["Achievement"],
        "name": f"Outcome {credential_id}",
        "humanCode": credential_id.upper(),
        "fieldOfStudy": field.replace("-", " ").title(),
        "fieldOfStudyCode": field,
        "qualificationLevel": level,
        "creditSystem": system,
        "outcomeType": outcome,
    }
    credential = {
        "id": credential_id,
        "issuer": {"id": "did:key:z6MkIssuer", "name": "Centre"},
        "credentialSubject": {"id": DID, "achievement": achievement, "creditsEarned": credits},
        "proof": {"type": "Ed25519Signature2020"},
    }
    return HeldCredential(
        id=credential_id,
        credential=credential,
        receipt={"type": "CreditBankAnchorReceipt"},
        status=status,
        valid=valid,
    )
