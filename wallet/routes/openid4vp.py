"""OpenID4VP: show which held credentials answer a verifier's request, then present them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from wallet.deps import Ctx, Unlocked
from wallet.openid4vp import matching, read_request, respond

router = APIRouter(tags=["openid4vp"])


class Openid4vpLink(BaseModel):
    """An ``openid4vp://`` link, as scanned or clicked."""

    url: str = Field(max_length=16_000)


class Openid4vpAnswer(Openid4vpLink):
    """The learner's choice: per credential query id, the credentials to present."""

    credential_ids: dict[str, list[str]] = Field(max_length=16)


@router.post("/openid4vp/requests")
async def preview_request(body: Openid4vpLink, session: Unlocked, ctx: Ctx) -> dict[str, Any]:
    """Who asks, where the answer goes, and which held credentials match each query."""
    request = await read_request(body.url, ctx.http)
    found = matching(request, session.wallet.held())
    return {
        "client_id": request.client_id,
        "response_uri": request.response_uri,
        "dcql_query": request.dcql_query,
        "queries": [
            {
                "id": query.id,
                "multiple": query.multiple,
                "matches": [
                    {
                        "id": cid,
                        "name": session.wallet.get(cid).credential.get("name"),
                        "status": session.wallet.get(cid).label,
                    }
                    for cid in found[query.id]
                ],
            }
            for query in request.query.credentials
        ],
    }


@router.post("/openid4vp/responses")
async def answer_request(body: Openid4vpAnswer, session: Unlocked, ctx: Ctx) -> dict[str, Any]:
    """Sign a presentation of the chosen credentials for the request and post it."""
    request = await read_request(body.url, ctx.http)
    answer = await respond(request, session.wallet, body.credential_ids, ctx.http)
    redirect = answer.get("redirect_uri")
    return {"sent": True, "redirect_uri": redirect if isinstance(redirect, str) else None}
