"""OpenID4VCI-shaped delivery: issuer metadata, token for a pre-authorised code, credential."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from issuer.deps import Ctx
from issuer.offers import Offers
from node import jsonlimits
from node.errors import AuthError, InputError

router = APIRouter(tags=["delivery"])
_bearer = HTTPBearer(auto_error=False)


@router.get("/.well-known/openid-credential-issuer")
async def metadata(ctx: Ctx) -> dict[str, Any]:
    """Credential issuer metadata."""
    return Offers(ctx).metadata()


@router.post("/token")
async def token(request: Request, ctx: Ctx) -> dict[str, Any]:
    """Exchange a pre-authorised code (form or JSON body) for an access token and a nonce."""
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        fields = jsonlimits.loads(raw)
    else:
        fields = {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()}
    if not isinstance(fields, dict):
        raise InputError("body must be an object")
    return await Offers(ctx).token(
        str(fields.get("grant_type", "")), str(fields.get("pre-authorized_code", ""))
    )


@router.post("/credential")
async def credential(
    body: dict[str, Any],
    ctx: Ctx,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> dict[str, Any]:
    """Hand out the offered credentials to the DID proving possession over the nonce."""
    if bearer is None:
        raise AuthError("Authorization: Bearer <access token> is required")
    proof = body.get("proof")
    if not isinstance(proof, dict):
        raise InputError("proof is required")
    return await Offers(ctx).credential(bearer.credentials, proof)
