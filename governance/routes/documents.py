"""Publishing a framework version: content to IPFS, digest and CID on chain."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request

from governance.deps import Ctx, Operator
from governance.errors import NotGoverningError
from node.documents import QualificationFramework, parse_document

router = APIRouter(tags=["documents"])
logger = logging.getLogger(__name__)


@router.post("/frameworks", status_code=201)
async def publish_framework(ctx: Ctx, operator: Operator, request: Request) -> dict[str, Any]:
    """Publish a qualification framework version (the JSON document as the body)."""
    framework = parse_document(QualificationFramework, await request.body())
    if not await ctx.ledger.registry.is_governor(ctx.account.address):
        raise NotGoverningError(f"{ctx.account.address} is not a governor: it cannot publish")
    published = await ctx.frameworks.publish(ctx.account, framework)
    logger.info("operator %s published framework %s v%d", operator, framework.id,
                framework.version)  # fmt: skip
    return {
        "words": f"Published framework {framework.id} version {framework.version}, in force "
        f"from {framework.effective_from.isoformat()}",
        "cid": published.cid,
        "digest": "0x" + published.digest.hex(),
        "transaction": published.tx_hash,
    }
