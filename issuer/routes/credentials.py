"""Issue (VC-API and native), list, read, revoke and suspend credentials."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError

from issuer.deps import AnyOperator, Ctx, Issuing
from issuer.direct import DirectIssue
from issuer.issuance import Issuance, IssueSpec, validation_problems
from issuer.issued import IssuedCredentials
from issuer.models import IssuedCredential
from issuer.offers import Offers
from issuer.receipts import receipt_for
from issuer.schemas import (
    CredentialPublic,
    IssuedPublic,
    IssueRequest,
    OfferLink,
    StatusChange,
    VcApiIssueRequest,
)
from issuer.status_changes import StatusAction
from node.credentials import EvidenceItem, ensure_defined
from node.credentials.errors import MalformedCredentialError, ValidityPeriodError
from node.credentials.openbadges import iso_z
from node.credentials.requested import (
    RequestedCredential,
    check_status_option,
    read_issue_request,
    read_requested,
)
from node.errors import CreditBankError, InputError

router = APIRouter(tags=["credentials"])


def _public(row: IssuedCredential) -> IssuedPublic:
    return IssuedPublic(
        credential_id=row.credential_id,
        credential_hash=row.credential_hash,
        learner_did=row.learner_did,
        standard_code=row.standard_code,
        status=row.status,
        batch_root=row.batch_root,
        created_at=row.created_at,
    )


def _evidence(items: list[Any]) -> tuple[EvidenceItem, ...]:
    try:
        return tuple(EvidenceItem.model_validate(i, from_attributes=True) for i in items)
    except ValidationError as exc:
        raise InputError(f"evidence: {validation_problems(exc)}") from exc


@router.post("/issuance", status_code=201)
async def issue(body: IssueRequest, ctx: Ctx, operator: Issuing) -> dict[str, Any]:
    """Certify one outcome directly; returns the credential and a one-time offer for the wallet."""
    spec = IssueSpec(
        learner_did=body.learner_did,
        standard_code=body.standard_code,
        grade=body.grade,
        result=body.result,
        credits_earned=body.credits_earned,
        evidence=_evidence([e.model_dump() for e in body.evidence]),
    )
    outcome = await ctx.direct.submit(DirectIssue(spec, operator.name))
    if isinstance(outcome, CreditBankError):
        raise outcome
    row, code, offer = outcome.row, outcome.code, outcome.offer
    return {
        "issued": _public(row).model_dump(mode="json"),
        "credential": json.loads(row.body),
        "offer": OfferLink(code=code, link=Offers(ctx).link(code), expires_at=offer.expires_at),
    }


#: OpenAPI for the VC-API body, which the route reads itself: a wrong shape answers 400 with our
#: problem document, as VC-API clients expect, rather than the framework's 422.
_ISSUE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": VcApiIssueRequest.model_json_schema()}},
    }
}


async def _json_body(request: Request) -> object:
    """The body as JSON; unparseable text is a malformed request (400), as VC-API expects."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedCredentialError("the request body is not valid JSON") from None


@router.post("/credentials/issue", status_code=201, openapi_extra=_ISSUE_BODY)
async def vc_api_issue(request: Request, ctx: Ctx, operator: Issuing) -> dict[str, Any]:
    """W3C VC-API issue: ``{credential, options}`` in, 201 ``{verifiableCredential}`` out.

    A credential claiming a catalog outcome (``achievement.humanCode``) is rebuilt from the
    catalog and checked against the accreditation; any other is signed as given, claiming no
    credits. Either way the requested ``id``, validity period and data model (its @context)
    are kept or refused with a reason, and the issuer must be absent or this issuer's DID.
    """
    credential, options = read_issue_request(await _json_body(request))
    requested = read_requested(credential, ctx.profile.did, datetime.now(UTC))
    check_status_option(options, requested.version)
    issuance = Issuance(ctx)
    if requested.outcome_code is None:
        row = await issuance.issue_generic(requested, operator.name)
    else:
        spec = _spec_from_credential(requested)
        issuance.prepare(spec)
        # the request's own terms are expanded in safe mode (undefined ones refused, 422); the
        # credential itself is rebuilt from the catalog and signed once, by the issuance pipeline
        ensure_defined({"issuer": ctx.profile.did, **credential})
        row = await issuance.issue(spec, operator.name)
    return {"verifiableCredential": json.loads(row.body)}


def _spec_from_credential(requested: RequestedCredential) -> IssueSpec:
    """What to certify, read out of a credential claiming a catalog outcome."""
    credential = requested.credential
    _require_written_as_built(requested)
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise InputError("a credential claiming a catalog outcome has one credentialSubject")
    achievement = subject["achievement"]
    results = subject.get("result") or []
    result = results[0].get("value") if results and isinstance(results[0], dict) else None
    try:
        credits = Decimal(str(subject["creditsEarned"])) if "creditsEarned" in subject else None
    except InvalidOperation as exc:
        raise InputError("creditsEarned must be a number") from exc
    return IssueSpec(
        learner_did=str(subject.get("id", "")),
        standard_code=achievement["humanCode"],
        grade=achievement.get("skillGrade"),
        result=result,
        credits_earned=credits,
        evidence=_evidence(
            [
                {k: e.get(k) for k in ("id", "name", "narrative")}
                for e in credential.get("evidence") or []
                if isinstance(e, dict)
            ]
        ),
        issued_on=requested.valid_from,
        valid_until=requested.valid_until,
        credential_id=requested.credential_id,
        version=requested.version,
    )


def _require_written_as_built(requested: RequestedCredential) -> None:
    """Refuse a requested date the rebuilt catalog credential would write in another form.

    Catalog credentials carry dates in UTC to the second; anything else is refused with the
    form to ask for, rather than rewritten.
    """
    for name, moment in zip(
        requested.date_names, (requested.valid_from, requested.valid_until), strict=True
    ):
        given = requested.credential.get(name)
        if moment is not None and given != iso_z(moment):
            raise ValidityPeriodError(
                f"{name} {given!r}: a catalog credential is written in UTC to the second; "
                f"ask for {iso_z(moment)!r}",
                term=name,
            )


@router.get("/credentials")
async def list_credentials(
    ctx: Ctx,
    _operator: AnyOperator,
    learner_did: str | None = None,
    standard_code: str | None = None,
    status: str | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=2**63 - 1),
) -> list[IssuedPublic]:
    """Search issued credentials by learner, standard and status."""
    rows = await IssuedCredentials(ctx).search(
        learner_did=learner_did, standard_code=standard_code, status=status,
        limit=limit, offset=offset,
    )  # fmt: skip
    return [_public(r) for r in rows]


@router.get("/credentials/{credential_id}")
async def read_credential(credential_id: str, ctx: Ctx, _operator: AnyOperator) -> CredentialPublic:
    """One credential with its receipt."""
    row = await IssuedCredentials(ctx).get(credential_id)
    return CredentialPublic(
        credential_id=row.credential_id,
        status=row.status,
        credential=json.loads(row.body),
        receipt=await receipt_for(ctx, row),
    )


@router.get("/credentials/{credential_id}/receipt")
async def read_receipt(credential_id: str, ctx: Ctx) -> dict[str, Any]:
    """The anchor receipt (public: hashes only); ``receipt`` is null until anchored."""
    row = await IssuedCredentials(ctx).get(credential_id)
    return {"credential_id": credential_id, "receipt": await receipt_for(ctx, row)}


@router.post("/anchoring/flush")
async def flush(ctx: Ctx, _operator: Issuing) -> dict[str, int]:
    """Anchor every pending credential now instead of waiting for size or age."""
    return {"anchored": await ctx.anchorer.flush()}


async def _change(
    ctx: Ctx, credential_id: str, action: StatusAction, body: StatusChange, actor: str
) -> dict[str, Any]:
    done = await IssuedCredentials(ctx).change_status(
        credential_id, action, body.reason, body.note, actor
    )
    return {
        "credential_id": done.credential_id,
        "status": done.status,
        "transaction": done.transaction,
    }


@router.post("/credentials/{credential_id}/revoke")
async def revoke(
    credential_id: str, body: StatusChange, ctx: Ctx, operator: Issuing
) -> dict[str, Any]:
    """Revoke for good, on chain."""
    return await _change(ctx, credential_id, "revoke", body, operator.name)


@router.post("/credentials/{credential_id}/suspend")
async def suspend(
    credential_id: str, body: StatusChange, ctx: Ctx, operator: Issuing
) -> dict[str, Any]:
    """Suspend until lifted, on chain."""
    return await _change(ctx, credential_id, "suspend", body, operator.name)


@router.post("/credentials/{credential_id}/reinstate")
async def reinstate(
    credential_id: str, body: StatusChange, ctx: Ctx, operator: Issuing
) -> dict[str, Any]:
    """Lift a suspension, on chain."""
    return await _change(ctx, credential_id, "reinstate", body, operator.name)
