"""The conversion audit as a route: a college's signed evidence export against this node.

Read-only: it reads the chain and IPFS through this member's node and writes nothing. An
operator asks, since one audit makes a chain read per recorded conversion.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request

from governance.deps import Ctx, Operator
from node.audit import audit_conversions, read_export

router = APIRouter(tags=["audit"])
logger = logging.getLogger(__name__)


@router.post("/audit/conversions")
async def audit(ctx: Ctx, operator: Operator, request: Request) -> dict[str, Any]:
    """Every conversion the export's institution recorded, checked; the findings and officers.

    The body is the export as the college's ``GET /conversions/evidence`` signs it. A malformed
    export, or one signed by another account than it names, is refused (422) by name.
    """
    export = read_export(await request.body())
    report = await audit_conversions(export, ctx.ledger.registry, ctx.ipfs)
    logger.info("operator %s audited %s: %d finding(s)", operator, report.institution,
                len(report.findings))  # fmt: skip
    return report.to_json()
