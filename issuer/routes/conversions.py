"""Credit conversion at the institution: programmes and rules, applications, decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from issuer.conversions import ConversionDesk, Published
from issuer.deps import Admin, Ctx, Deciding
from issuer.issued import IssuedCredentials
from issuer.models import ConversionApplication
from issuer.offers import Offers
from issuer.schemas import OfferLink, OfferPublic, RowId
from node.tokens import ExpiringToken

router = APIRouter(tags=["conversions"])


class ProgrammePublish(BaseModel):
    """A programme and the rule set converting into it, as written (YAML or JSON text)."""

    programme: str = Field(min_length=1, max_length=200_000)
    rule_set: str = Field(min_length=1, max_length=200_000)


class ConversionDecisionIn(BaseModel):
    """An officer's decision: reject, or approve as proposed or lowered (never raised)."""

    decision: Literal["approve", "reject"]
    reason: str = Field(min_length=1, max_length=5000)
    #: grant id → credits to keep; grants not named are dropped; omit to keep the proposal
    keep: dict[str, Decimal] | None = None


def _programme_json(published: Published) -> dict[str, Any]:
    row = published.row
    return {
        "programme": published.programme.model_dump(mode="json"),
        "rule_set": published.rule_set.model_dump(mode="json"),
        "programme_uri": f"ipfs://{row.programme_cid}",
        "rule_set_uri": f"ipfs://{row.rule_set_cid}",
        "rule_set_digest": row.rule_set_digest,
    }


def _application_json(row: ConversionApplication) -> dict[str, Any]:
    return {
        "id": row.id,
        "learner_did": row.learner_did,
        "programme_id": row.programme_id,
        "programme_version": row.programme_version,
        "status": row.status,
        "proposal": row.proposal,
        "decision": row.decision,
        "officer": row.officer,
        "reason": row.reason,
        "conversion_id": row.conversion_id,
        "credential_id": row.credential_id,
        "sources": [s["credential"].get("id") for s in row.sources],
    }


@router.post("/programmes", status_code=201)
async def publish_programme(body: ProgrammePublish, ctx: Ctx, admin: Admin) -> dict[str, Any]:
    """Publish a programme and its rule set on IPFS and anchor both (refused by line if bad)."""
    published = await ConversionDesk(ctx).publish(body.programme, body.rule_set, admin.name)
    return _programme_json(published)


@router.get("/programmes")
async def list_programmes(ctx: Ctx) -> list[dict[str, Any]]:
    """Every published programme version with its rules: public, so anyone can re-run them."""
    return [_programme_json(p) for p in await ConversionDesk(ctx).programmes()]


@router.post("/conversions", status_code=201)
async def apply(
    ctx: Ctx,
    programme_id: Annotated[str, Body(max_length=128)],
    package: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    """A learner applies with a presentation package answering ``POST /applications/challenge``."""
    return _application_json(await ConversionDesk(ctx).apply(programme_id, package))


@router.get("/conversions")
async def list_applications(
    ctx: Ctx, scope: Deciding, status: str | None = None
) -> list[dict[str, Any]]:
    """Applications in the officer's fields, newest first."""
    return [_application_json(r) for r in await ConversionDesk(ctx).applications(scope, status)]


@router.post("/conversions/{application_id}/decision")
async def decide(
    application_id: RowId, body: ConversionDecisionIn, ctx: Ctx, scope: Deciding
) -> dict[str, Any]:
    """Approve (record on chain, issue the conversion credential, offer it) or reject."""
    row, issued = await ConversionDesk(ctx).decide(
        application_id,
        scope,
        approve=body.decision == "approve",
        reason=body.reason,
        keep=body.keep,
    )
    answer = _application_json(row)
    if issued is not None:
        [(code, offer)] = await IssuedCredentials(ctx).first_offers([issued.credential_id])
        answer["offer"] = await _offer_json(Offers(ctx), code, offer)
    return answer


async def _offer_json(offers: Offers, code: str, offer: ExpiringToken) -> dict[str, Any]:
    link = OfferLink(code=code, link=offers.link(code), expires_at=offer.expires_at)
    return (await OfferPublic.drawn(link)).model_dump(mode="json")


@router.get("/conversions/evidence")
async def evidence_export(ctx: Ctx, admin: Admin) -> dict[str, Any]:
    """The evidence of every recorded conversion, signed by the institution: for an auditor.

    It holds learners' presentations, so only an administrator exports it.
    """
    return await ConversionDesk(ctx).export()


@router.get("/catalog")
async def catalog(ctx: Ctx) -> dict[str, Any]:
    """The outcome-standard catalog this centre certifies against, and where it is published."""
    return {
        "catalog": ctx.catalog.model_dump(mode="json"),
        "catalog_uri": ctx.refs.catalog_uri,
        "framework_uri": ctx.refs.framework_uri,
    }
