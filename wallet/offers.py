"""Redeem an issuer's offer: the OpenID4VCI pre-authorised code flow with an ``ldp_vp`` proof.

The wallet trades the code for an access token and nonce, then proves its DID by signing an
empty presentation over that nonce with the issuer's URL as domain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from node import jsonlimits
from node.credentials import SigningKey, build_presentation, sign_presentation
from node.errors import InputError
from wallet.errors import IssuerExchangeError, OfferFormatError
from wallet.schemas import http_url

__all__ = ["PRE_AUTHORIZED_GRANT", "Delivery", "Offer", "fetch_receipt", "parse_offer", "redeem"]

logger = logging.getLogger(__name__)

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
_SCHEME = "openid-credential-offer://"


@dataclass(frozen=True)
class Offer:
    """Where to redeem and with which one-time code."""

    issuer_url: str
    code: str


@dataclass(frozen=True)
class Delivery:
    """One credential as the issuer hands it over, receipt possibly still to come."""

    credential: dict[str, Any]
    receipt: dict[str, Any] | None
    receipt_endpoint: str | None


def _from_offer_object(offer: object) -> Offer:
    """Read ``credential_issuer`` and the pre-authorised code of a credential offer object."""
    if not isinstance(offer, dict):
        raise OfferFormatError("credential_offer must be a JSON object")
    issuer = offer.get("credential_issuer")
    grant = (offer.get("grants") or {}).get(PRE_AUTHORIZED_GRANT) or {}
    code = grant.get("pre-authorized_code") if isinstance(grant, dict) else None
    if not isinstance(issuer, str):
        raise OfferFormatError("the offer names no http(s) credential_issuer")
    if not isinstance(code, str) or not code:
        raise OfferFormatError("the offer has no pre-authorized_code")
    return Offer(_issuer_url(issuer, "credential_issuer"), code)


def _issuer_url(url: str, what: str) -> str:
    """An issuer URL httpx can fetch, without its trailing slash; else an ``OfferFormatError``."""
    try:
        return http_url(url).rstrip("/")
    except ValueError as exc:
        raise OfferFormatError(f"{what} is not an http(s) URL: {exc}") from exc


def _offer_json(text: str, what: str) -> object:
    """The JSON an offer carries, depth-bounded; anything else is an ``OfferFormatError``."""
    try:
        return jsonlimits.loads(text)
    except InputError as exc:
        raise OfferFormatError(f"{what} is not JSON: {exc.detail}") from exc


def parse_offer(text: str, issuer_url: str | None = None) -> Offer:
    """An ``openid-credential-offer://`` link, an offer JSON object, or a bare code + issuer."""
    text = text.strip()
    if text.startswith(_SCHEME):
        values = parse_qs(urlsplit(text).query).get("credential_offer")
        if not values:
            raise OfferFormatError("the link carries no credential_offer")
        return _from_offer_object(_offer_json(values[0], "credential_offer"))
    if text.startswith("{"):
        return _from_offer_object(_offer_json(text, "the offer"))
    if not text or any(c.isspace() for c in text) or len(text) > 512:
        raise OfferFormatError("not an offer code or link")
    if not issuer_url:
        raise OfferFormatError("a bare offer code needs the issuer's URL")
    return Offer(_issuer_url(issuer_url, "the issuer URL"), text)


def _answer(response: httpx.Response, step: str) -> dict[str, Any]:
    """The JSON body, or the issuer's problem code and detail as our error."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400 or not isinstance(body, dict):
        code = body.get("code") if isinstance(body, dict) else None
        detail = body.get("detail") if isinstance(body, dict) else response.text[:200]
        raise IssuerExchangeError(
            f"{step}: HTTP {response.status_code} {code or ''} {detail or ''}".strip(),
            issuer_code=code,
        )
    return body


def _deliveries(body: dict[str, Any]) -> list[Delivery]:
    """One or many credentials, as single and roster offers answer."""
    entries = body.get("credentials") if "credentials" in body else [body]
    if not isinstance(entries, list):
        raise IssuerExchangeError("credential: malformed answer")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("credential"), dict):
            raise IssuerExchangeError("credential: an entry carries no credential object")
        receipt, endpoint = entry.get("receipt"), entry.get("receipt_endpoint")
        out.append(
            Delivery(
                entry["credential"],
                receipt if isinstance(receipt, dict) else None,
                endpoint if isinstance(endpoint, str) else None,
            )
        )
    return out


async def redeem(offer: Offer, key: SigningKey, http: httpx.AsyncClient) -> list[Delivery]:
    """Run token then credential against the issuer; every failure is ``IssuerExchangeError``."""
    try:
        token = _answer(
            await http.post(
                f"{offer.issuer_url}/token",
                data={"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.code},
            ),
            "token",
        )
        access, nonce = token.get("access_token"), token.get("c_nonce")
        if not isinstance(access, str) or not isinstance(nonce, str):
            raise IssuerExchangeError("token: no access_token or c_nonce")
        proof = await sign_presentation(
            build_presentation([], key.did), key, challenge=nonce, domain=offer.issuer_url
        )
        body = _answer(
            await http.post(
                f"{offer.issuer_url}/credential",
                json={"format": "ldp_vc", "proof": {"proof_type": "ldp_vp", "ldp_vp": proof}},
                headers={"Authorization": f"Bearer {access}"},
            ),
            "credential",
        )
    except httpx.HTTPError as exc:
        raise IssuerExchangeError(f"issuer unreachable: {type(exc).__name__}") from exc
    deliveries = _deliveries(body)
    logger.info("redeemed an offer of %s: %d credentials", offer.issuer_url, len(deliveries))
    return deliveries


async def fetch_receipt(endpoint: str, http: httpx.AsyncClient) -> dict[str, Any] | None:
    """The receipt from a ``receipt_endpoint``; ``None`` while the batch is not anchored."""
    try:
        body = _answer(await http.get(endpoint), "receipt")
    except httpx.HTTPError as exc:
        raise IssuerExchangeError(f"issuer unreachable: {type(exc).__name__}") from exc
    receipt = body.get("receipt")
    return receipt if isinstance(receipt, dict) else None
