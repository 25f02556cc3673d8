"""Applications: a learner or a college applies, a reviewer of the field decides.

A learner proves the DID with a presentation over a one-time challenge; approval issues the
credential.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Security
from fastapi.security import APIKeyHeader

from issuer.applications import Applications
from issuer.auth import Role, authenticate
from issuer.challenges import client_of, consume_challenge, new_challenge
from issuer.deps import Ctx, Deciding
from issuer.models import Application
from issuer.schemas import ApplicationCreate, ApplicationDecision, ApplicationPublic, RowId
from node.credentials import verify_presentation
from node.errors import AuthError

router = APIRouter(tags=["applications"])

_optional_key = APIKeyHeader(name="X-API-Key", auto_error=False)


def _public(row: Application) -> ApplicationPublic:
    return ApplicationPublic.model_validate(row, from_attributes=True)


@router.post("/applications/challenge")
async def challenge(ctx: Ctx, request: Request) -> dict[str, str]:
    """A one-time challenge for the learner's presentation (10 minutes; a quota per client)."""
    return await new_challenge(ctx, client_of(request))


def _challenge_of(proof: object) -> str:
    """The challenge a presentation's proof (VC 1.1: one object; VC 2.0: a list) answers."""
    proofs = proof if isinstance(proof, list) else [proof]
    for item in proofs:
        if isinstance(item, dict) and isinstance(item.get("challenge"), str):
            return str(item["challenge"])
    return ""


async def _submitter(ctx: Ctx, body: ApplicationCreate, api_key: str | None) -> str:
    """A college operator by API key, or the learner by a presentation signed with the DID."""
    if api_key:
        operator = await authenticate(ctx.ledger.db, api_key, set(Role))
        return f"operator:{operator.name}"
    vp = body.presentation
    if vp is None:
        raise AuthError("an API key or a presentation signed by the learner's DID is required")
    value = _challenge_of(vp.get("proof"))
    if not await consume_challenge(ctx, value):
        raise AuthError("unknown, used or expired challenge")
    errors = await verify_presentation(vp, challenge=value, domain=ctx.settings.issuer_public_url)
    if errors or vp.get("holder") != body.learner_did:
        raise AuthError("the presentation does not prove the learner's DID: " + "; ".join(errors))
    return f"learner:{body.learner_did}"


@router.post("/applications", status_code=201)
async def submit(
    body: ApplicationCreate,
    ctx: Ctx,
    api_key: Annotated[str | None, Security(_optional_key)] = None,
) -> ApplicationPublic:
    """Apply for certification of one outcome: checked first, then who submits is proven."""
    applications = Applications(ctx)
    standard = applications.check(body)
    submitter = await _submitter(ctx, body, api_key)
    return _public(await applications.submit(body, standard, submitter))


@router.get("/applications")
async def list_applications(
    ctx: Ctx,
    scope: Deciding,
    status: str | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
) -> list[ApplicationPublic]:
    """Applications a reviewer may decide (all, for an administrator)."""
    return [_public(r) for r in await Applications(ctx).applications(scope, status, limit)]


@router.post("/applications/{application_id}/decision")
async def decide(
    application_id: RowId, body: ApplicationDecision, ctx: Ctx, scope: Deciding
) -> dict[str, Any]:
    """Approve (issuing the credential) or reject, with a comment; only reviewers of the field.

    A failed approval puts the application back as it was and records the error in the audit
    log, so it can be decided again.
    """
    row, credential_id = await Applications(ctx).decide(
        application_id,
        scope,
        approve=body.decision == "approve",
        comment=body.comment,
        credits_earned=body.credits_earned,
    )
    return {"application": _public(row).model_dump(mode="json"), "credential_id": credential_id}
