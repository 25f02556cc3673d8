"""W3C VC-API verification and the wallet's presentation packages; no account needed.

The VC-API routes answer as VC-API clients read them: 200 when the checks asked for hold,
422 when one fails (``verifier.vcapi``), with the full report inside. Malformed JSON is refused
by the shared handler, oversized or deep bodies by the limits. ``/packages/verify`` is our own
route and answers 200 with the report whatever its verdict.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from verifier.checking import verify_credential_body, verify_package, verify_presentation_body
from verifier.deps import Ctx
from verifier.schemas import (
    CredentialVerifyRequest,
    PackageVerifyRequest,
    PresentationVerifyRequest,
    request_body,
)
from verifier.vcapi import VcApiResult

router = APIRouter(tags=["verification"])

AnyJson = Annotated[Any, Body()]


def _answer(result: VcApiResult) -> JSONResponse:
    return JSONResponse(result.body, status_code=result.status_code)


@router.post("/credentials/verify", openapi_extra=request_body(CredentialVerifyRequest))
async def verify_credential(ctx: Ctx, body: AnyJson) -> JSONResponse:
    """Verify one credential (and its anchor receipt): 200 if the asked checks hold, else 422."""
    return _answer(await verify_credential_body(ctx, body))


@router.post("/presentations/verify", openapi_extra=request_body(PresentationVerifyRequest))
async def verify_presentation(ctx: Ctx, body: AnyJson) -> JSONResponse:
    """Verify a presentation bound to a challenge this verifier issued: 200 or 422."""
    return _answer(await verify_presentation_body(ctx, body))


@router.post("/packages/verify", openapi_extra=request_body(PackageVerifyRequest))
async def verify_shared_package(ctx: Ctx, body: AnyJson) -> dict[str, Any]:
    """Verify a presentation package exactly as a learner's wallet shares it."""
    return (await verify_package(ctx, body)).to_json()
