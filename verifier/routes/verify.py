"""W3C VC-API verification and the wallet's presentation packages; no account needed.

Bodies are read as any JSON value, so a wrong shape gets an invalid report (200) instead of
a refusal; malformed JSON is refused by the shared handler (422), oversized bodies by the
size limit (413).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from verifier.checking import verify_credential_body, verify_package, verify_presentation_body
from verifier.deps import Ctx
from verifier.schemas import (
    CredentialVerifyRequest,
    PackageVerifyRequest,
    PresentationVerifyRequest,
    request_body,
)

router = APIRouter(tags=["verification"])

AnyJson = Annotated[Any, Body()]


@router.post("/credentials/verify", openapi_extra=request_body(CredentialVerifyRequest))
async def verify_credential(ctx: Ctx, body: AnyJson) -> dict[str, Any]:
    """Verify one credential with its anchor receipt; the verdict is in the report."""
    return await verify_credential_body(ctx, body)


@router.post("/presentations/verify", openapi_extra=request_body(PresentationVerifyRequest))
async def verify_presentation(ctx: Ctx, body: AnyJson) -> dict[str, Any]:
    """Verify a presentation bound to a challenge this verifier issued, with its receipts."""
    return await verify_presentation_body(ctx, body)


@router.post("/packages/verify", openapi_extra=request_body(PackageVerifyRequest))
async def verify_shared_package(ctx: Ctx, body: AnyJson) -> dict[str, Any]:
    """Verify a presentation package exactly as a learner's wallet shares it."""
    return (await verify_package(ctx, body)).to_json()
