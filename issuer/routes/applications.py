"""Applications: a learner or a college applies, a reviewer of the field decides.

A learner proves the DID with a presentation over a one-time challenge; approval issues the
credential.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import ValidationError
from sqlalchemy import select, update

from issuer.audit import record
from issuer.auth import FieldScope, Role, authenticate
from issuer.challenges import client_of, consume_challenge, new_challenge
from issuer.deps import Ctx, Deciding
from issuer.errors import ApplicationDecidedError, UnknownStandardError
from issuer.issuance import Issuance, IssueSpec, validation_problems
from issuer.models import Application
from issuer.schemas import ApplicationCreate, ApplicationDecision, ApplicationPublic, RowId
from node.credentials import EvidenceItem, require_did_key, verify_presentation
from node.errors import AuthError, InputError, NotFoundError

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
    """Apply for certification of one outcome."""
    return _public(await submit_application(ctx, body, api_key=api_key))


async def submit_application(
    ctx: Ctx, body: ApplicationCreate, *, api_key: str | None = None, submitter: str | None = None
) -> Application:
    """Check and store an application; ``submitter`` when the caller is already signed in.

    The console submits with its session's ``operator:<name>``; the API proves who submits
    by API key or by the learner's presentation.
    """
    require_did_key(body.learner_did, role="learner DID")
    try:
        standard = ctx.catalog.standard(body.standard_code)
    except (KeyError, LookupError):
        raise UnknownStandardError(f"{body.standard_code!r} is not in the catalog") from None
    try:  # everything approval will need is checked now, so approving cannot fail on it later
        evidence = tuple(EvidenceItem.model_validate(e.model_dump()) for e in body.evidence)
    except ValidationError as exc:
        raise InputError(
            f"the evidence cannot go into a credential: {validation_problems(exc)}"
        ) from exc
    Issuance(ctx).prepare(
        IssueSpec(body.learner_did, body.standard_code, grade=body.grade, evidence=evidence)
    )
    submitter = submitter or await _submitter(ctx, body, api_key)
    row = Application(
        learner_did=body.learner_did,
        standard_code=standard.code,
        field_code=standard.field,
        grade=body.grade,
        result=body.result,
        evidence=[e.model_dump(exclude_none=True) for e in body.evidence],
        submitted_by=submitter,
    )
    async with ctx.ledger.db.session() as session:
        session.add(row)
        await session.flush()
        record(session, submitter, "application.submit", str(row.id), standard=standard.code)
    return row


@router.get("/applications")
async def list_applications(
    ctx: Ctx,
    scope: Deciding,
    status: str | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
) -> list[ApplicationPublic]:
    """Applications a reviewer may decide (all, for an administrator)."""
    return [_public(r) for r in await applications_in_scope(ctx, scope, status, limit)]


async def applications_in_scope(
    ctx: Ctx, scope: FieldScope, status: str | None = None, limit: int = 100
) -> list[Application]:
    """Applications of the fields ``scope`` covers, oldest first, with their evidence."""
    query = select(Application).order_by(Application.id).limit(limit)
    if status:
        query = query.where(Application.status == status)
    if not scope.all_fields:
        query = query.where(Application.field_code.in_(sorted(scope.fields)))
    async with ctx.ledger.db.session() as session:
        return list((await session.scalars(query)).all())


async def _release(ctx: Ctx, application_id: int, reviewer: str, error: BaseException) -> None:
    """Put a claimed application back to submitted, and record why the approval failed."""
    async with ctx.ledger.db.session() as session:
        await session.execute(
            update(Application)
            .where(Application.id == application_id, Application.status == "deciding")
            .values(status="submitted")
        )
        record(
            session, reviewer, "application.approval_failed", str(application_id),
            error=f"{type(error).__name__}: {error}"[:500],
        )  # fmt: skip


@router.post("/applications/{application_id}/decision")
async def decide(
    application_id: RowId, body: ApplicationDecision, ctx: Ctx, scope: Deciding
) -> dict[str, Any]:
    """Approve (issuing the credential) or reject, with a comment; only reviewers of the field.

    A failed approval puts the application back as it was and records the error in the audit
    log, so it can be decided again.
    """
    reviewer = scope.operator
    async with ctx.ledger.db.session() as session:
        row = await session.get(Application, application_id)
    if row is None:
        raise NotFoundError(f"no application {application_id}")
    scope.require(row.field_code)
    async with ctx.ledger.db.session() as session:  # claim it: one decision only
        claimed = await session.execute(
            update(Application)
            .where(Application.id == application_id, Application.status == "submitted")
            .values(status="deciding")
        )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ApplicationDecidedError(f"application {application_id} is {row.status}")
    credential_id: str | None = None
    if body.decision == "approve":
        try:
            spec = IssueSpec(
                learner_did=row.learner_did,
                standard_code=row.standard_code,
                grade=row.grade,
                result=row.result,
                credits_earned=body.credits_earned,
                evidence=tuple(EvidenceItem.model_validate(e) for e in row.evidence),
            )
            credential_id = (await Issuance(ctx).issue(spec, reviewer.name)).credential_id
        except BaseException as exc:
            await _release(ctx, application_id, reviewer.name, exc)
            if isinstance(exc, ValidationError):
                raise InputError(
                    f"the application's evidence is not valid: {validation_problems(exc)}"
                ) from exc
            raise
    async with ctx.ledger.db.session() as session:
        stored = await session.get(Application, application_id)
        assert stored is not None
        stored.status = "approved" if body.decision == "approve" else "rejected"
        stored.reviewer = reviewer.name
        stored.comment = body.comment
        stored.decided_at = datetime.now(UTC)
        stored.credential_id = credential_id
        record(
            session, reviewer.name, f"application.{stored.status}", str(application_id),
            comment=body.comment, credential=credential_id,
        )  # fmt: skip
        result = _public(stored)
    return {"application": result.model_dump(mode="json"), "credential_id": credential_id}
