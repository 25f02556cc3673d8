"""OpenID4VCI 1.0 routes: metadata, offers by reference, token, nonce and credential endpoints.

The protocol routes use ``OAuthRoute``, so their errors answer in the spec's JSON shape; the
operator's own route (making an offer) answers problems like the rest of the API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from issuer.deps import Ctx, Issuing
from issuer.offers import Offers
from issuer.oid4vci_errors import NO_STORE, OAuthError, OAuthRoute
from issuer.routes.credentials import read_credential
from issuer.schemas import OfferLink, OfferPublic
from node import jsonlimits
from node.errors import InputError

__all__ = ["router"]

router = APIRouter(tags=["openid4vci"])
#: the protocol's own routes: errors in the OAuth shape
protocol = APIRouter(tags=["openid4vci"], route_class=OAuthRoute)
_FORM = "application/x-www-form-urlencoded"


class OfferCreate(BaseModel):
    """Ask for a fresh offer of an issued credential, optionally behind a tx_code."""

    model_config = ConfigDict(extra="forbid")
    tx_code: bool = False


@protocol.get("/.well-known/openid-credential-issuer")
async def metadata(ctx: Ctx) -> dict[str, Any]:
    """Credential issuer metadata (OpenID4VCI 1.0 section 12.2)."""
    return Offers(ctx).metadata()


@protocol.get("/.well-known/oauth-authorization-server")
async def authorization_server(ctx: Ctx) -> dict[str, Any]:
    """OAuth 2.0 authorisation-server metadata (RFC 8414): the issuer is its own AS."""
    return Offers(ctx).authorization_server()


@protocol.get("/credential-offers/{code}")
async def offer_by_reference(code: str, ctx: Ctx) -> JSONResponse:
    """The offer a ``credential_offer_uri`` names; it lives as long as its code is unused."""
    return JSONResponse(await Offers(ctx).offer_document(code), headers=dict(NO_STORE))


@protocol.post(
    "/token",
    openapi_extra={
        "requestBody": {
            "content": {_FORM: {"schema": {"type": "object"}}},
            "required": True,
        }
    },
)
async def token(request: Request, ctx: Ctx) -> JSONResponse:
    """Trade a pre-authorised code (form-encoded, RFC 6749 section 4.1.3) for an access token."""
    if request.headers.get("content-type", "").split(";")[0].strip() != _FORM:
        raise OAuthError("invalid_request", f"the token request body must be {_FORM}")
    raw = (await request.body()).decode(errors="replace")
    try:
        parsed = parse_qs(raw, max_num_fields=20)
    except ValueError:  # more fields than a token request has
        raise OAuthError("invalid_request", "the token request has too many fields") from None
    fields = {k: v[0] for k, v in parsed.items() if len(v) == 1}
    return JSONResponse(await Offers(ctx).token(fields), headers=dict(NO_STORE))


@protocol.post("/nonce")
async def nonce(request: Request, ctx: Ctx) -> JSONResponse:
    """A fresh ``c_nonce`` for a key proof (section 7)."""
    client = request.client.host if request.client else ""
    return JSONResponse(await Offers(ctx).nonce(client), headers=dict(NO_STORE))


@protocol.post("/credential", openapi_extra={"requestBody": {"content": {"application/json": {}}}})
async def credential(request: Request, ctx: Ctx) -> JSONResponse:
    """Release the offered credential to the DID whose key proof holds (section 8)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    access = value.strip() if scheme.lower() == "bearer" else None
    try:
        body: object = jsonlimits.loads(await request.body())
    except InputError:
        body = None  # answered invalid_credential_request, once the token has been checked
    offers = Offers(ctx)
    return JSONResponse(await offers.credential(access, body), headers=dict(NO_STORE))


@router.post("/credentials/{credential_id}/offer", status_code=201)
async def make_offer(
    credential_id: str, body: OfferCreate, ctx: Ctx, operator: Issuing
) -> OfferPublic:
    """A fresh one-time offer of an issued credential (shown once), optionally with a tx_code."""
    found = await read_credential(credential_id, ctx, operator)
    made = await Offers(ctx).create(credential_id=found.credential_id, with_tx_code=body.tx_code)
    return await OfferPublic.drawn(
        OfferLink(
            code=made.code,
            link=made.link,
            offer_uri=made.offer_uri,
            expires_at=made.expires_at,
            tx_code=made.tx_code,
        )
    )


router.include_router(protocol)
