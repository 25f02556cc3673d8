"""Bulk work as colleges do it: roster and certificate-list CSV files, over the API.

A roster opens learner accounts with wallet offers; a certificate list issues credentials.
Bad rows are reported by line; re-imports issue nothing twice (see ``issuer.imports``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from issuer.deps import Ctx, Issuing
from issuer.imports import Imports
from issuer.schemas import ImportReport

router = APIRouter(prefix="/imports", tags=["imports"])

_CSV_BODY = {"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}}


@router.post("/roster", openapi_extra=_CSV_BODY)
async def import_roster(request: Request, ctx: Ctx, operator: Issuing) -> ImportReport:
    """Open an account per student and return a one-time wallet offer for each new one."""
    return await Imports(ctx).roster(await request.body(), operator.name)


@router.post("/certificates", openapi_extra=_CSV_BODY)
async def import_certificates(request: Request, ctx: Ctx, operator: Issuing) -> ImportReport:
    """Issue one credential per line; a bad line is reported and the rest go on."""
    return await Imports(ctx).certificates(await request.body(), operator.name)
