"""Request and response shapes of the verifier API, for OpenAPI.

Routes read their bodies as any JSON value: a body of the wrong shape still gets a report
(invalid), only malformed JSON is refused (422).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "ChallengePublic",
    "CredentialVerifyRequest",
    "PackageVerifyRequest",
    "PresentationVerifyRequest",
    "request_body",
]


class CredentialVerifyRequest(BaseModel):
    """W3C VC-API ``POST /credentials/verify``, with the anchor receipt beside the credential."""

    verifiableCredential: dict[str, Any]
    options: dict[str, Any] = Field(default_factory=dict)
    receipt: dict[str, Any] | None = None


class PresentationVerifyRequest(BaseModel):
    """W3C VC-API ``POST /presentations/verify``; ``receipts`` follow the credentials' order."""

    verifiablePresentation: dict[str, Any]
    options: dict[str, Any] = Field(
        default_factory=dict, description="challenge and domain the proof must be bound to"
    )
    receipts: list[dict[str, Any]] = Field(default_factory=list)


class PackageVerifyRequest(BaseModel):
    """A presentation package as a learner's wallet shares it."""

    type: Literal["CreditBankPresentation"]
    verifiablePresentation: dict[str, Any]
    receipts: list[dict[str, Any]]
    challenge: str
    domain: str


class ChallengePublic(BaseModel):
    """A challenge to hand to the candidate; their presentation must answer it once."""

    challenge: str
    domain: str
    expires_at: int = Field(description="Unix seconds")


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON body that the route reads as any value."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
