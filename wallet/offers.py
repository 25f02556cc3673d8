"""Redeem an issuer's offer: the OpenID4VCI 1.0 pre-authorised code flow.

Offer (by value or by ``credential_offer_uri``) -> issuer and OAuth server metadata -> token
(with the learner's ``tx_code`` when the offer asks) -> ``c_nonce`` from the nonce endpoint ->
credential request with a key proof (``jwt`` by default, or ``di_vp``) signed by the learner's
did:key. What comes back is verified by the wallet before it is kept.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from node import jsonlimits
from node.credentials import SigningKey, build_presentation, sign_presentation
from node.errors import InputError
from wallet.errors import IssuerExchangeError, OfferFormatError
from wallet.schemas import http_url

__all__ = [
    "PRE_AUTHORIZED_GRANT",
    "Delivery",
    "Offer",
    "fetch_receipt",
    "jwt_proof",
    "parse_offer",
    "redeem",
    "resolve_offer",
]

logger = logging.getLogger(__name__)

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
JWT_PROOF_TYPE = "openid4vci-proof+jwt"
_SCHEME = "openid-credential-offer://"


@dataclass(frozen=True)
class Offer:
    """Where to redeem, with which code; or, by reference, where to fetch the offer."""

    issuer_url: str
    code: str
    #: the offer's ``tx_code`` object when it asks the learner for a transaction code
    tx_code_spec: dict[str, Any] | None = None
    #: what the learner typed for it
    tx_code: str | None = None
    configuration_ids: tuple[str, ...] = ()
    #: ``credential_offer_uri``: the offer itself still to be fetched
    uri: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One credential as the issuer hands it over, receipt possibly still to come."""

    credential: dict[str, Any]
    receipt: dict[str, Any] | None
    receipt_endpoint: str | None


def _from_offer_object(offer: object) -> Offer:
    """Read ``credential_issuer``, the pre-authorised grant and configurations of an offer."""
    if not isinstance(offer, dict):
        raise OfferFormatError("credential_offer must be a JSON object")
    issuer = offer.get("credential_issuer")
    grants = offer.get("grants")
    grant = grants.get(PRE_AUTHORIZED_GRANT) if isinstance(grants, dict) else None
    code = grant.get("pre-authorized_code") if isinstance(grant, dict) else None
    if not isinstance(issuer, str):
        raise OfferFormatError("the offer names no http(s) credential_issuer")
    if not isinstance(code, str) or not code:
        raise OfferFormatError("the offer has no pre-authorized_code")
    assert isinstance(grant, dict)
    tx_code = grant.get("tx_code")
    ids = offer.get("credential_configuration_ids")
    return Offer(
        _issuer_url(issuer, "credential_issuer"),
        code,
        tx_code_spec=tx_code if isinstance(tx_code, dict) else None,
        configuration_ids=tuple(i for i in ids if isinstance(i, str))
        if isinstance(ids, list)
        else (),
    )


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
    """An ``openid-credential-offer://`` link (by value or reference), JSON, or a bare code."""
    text = text.strip()
    if text.startswith(_SCHEME):
        query = parse_qs(urlsplit(text).query)
        if "credential_offer_uri" in query:
            uri = _issuer_url(query["credential_offer_uri"][0], "credential_offer_uri")
            return Offer(issuer_url="", code="", uri=uri)
        values = query.get("credential_offer")
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
    """The JSON body, or the issuer's error (OAuth ``error`` or problem ``code``) as ours."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400 or not isinstance(body, dict):
        code = detail = None
        if isinstance(body, dict):
            code = body.get("error") or body.get("code")
            detail = body.get("error_description") or body.get("detail")
        else:
            detail = response.text[:200]
        raise IssuerExchangeError(
            f"{step}: HTTP {response.status_code} {code or ''} {detail or ''}".strip(),
            issuer_code=code,
        )
    return body


async def resolve_offer(offer: Offer, http: httpx.AsyncClient) -> Offer:
    """The offer itself: fetched from its ``credential_offer_uri`` when given by reference."""
    if offer.uri is None:
        return offer
    try:
        fetched = _from_offer_object(_answer(await http.get(offer.uri), "credential_offer_uri"))
    except httpx.HTTPError as exc:
        raise IssuerExchangeError(f"issuer unreachable: {type(exc).__name__}") from exc
    return replace(fetched, tx_code=offer.tx_code)


def _well_known(base: str, name: str) -> str:
    """``https://host/.well-known/<name>/<path>`` (the 1.0 and RFC 8414 rule for paths)."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}/.well-known/{name}{parts.path.rstrip('/')}"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt_proof(key: SigningKey, audience: str, nonce: str) -> str:
    """An ``openid4vci-proof+jwt`` key proof (appendix F.1), EdDSA, kid = the did:key method."""
    header = {"typ": JWT_PROOF_TYPE, "alg": "EdDSA", "kid": key.verification_method}
    payload = {"aud": audience, "iat": int(time.time()), "nonce": nonce}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)
    )
    signature = key.pair.private.sign(signing_input.encode())
    return f"{signing_input}.{_b64url(signature)}"


@dataclass(frozen=True)
class _Issuer:
    """What the two metadata documents tell a wallet."""

    credential_endpoint: str
    nonce_endpoint: str
    token_endpoint: str
    configuration_id: str
    proof_types: frozenset[str]


async def _discover(offer: Offer, http: httpx.AsyncClient) -> _Issuer:
    """Read issuer and authorisation-server metadata and pick the offered configuration."""
    meta = _answer(
        await http.get(_well_known(offer.issuer_url, "openid-credential-issuer")), "metadata"
    )
    if str(meta.get("credential_issuer", "")).rstrip("/") != offer.issuer_url:
        raise IssuerExchangeError("metadata: credential_issuer is not the offer's issuer")
    servers = meta.get("authorization_servers")
    server = servers[0] if isinstance(servers, list) and servers else offer.issuer_url
    oauth = _answer(
        await http.get(_well_known(str(server), "oauth-authorization-server")), "metadata"
    )
    configurations = meta.get("credential_configurations_supported")
    if not isinstance(configurations, dict) or not configurations:
        raise IssuerExchangeError("metadata: no credential_configurations_supported")
    wanted = [i for i in offer.configuration_ids if i in configurations] or list(configurations)
    chosen = configurations[wanted[0]]
    proof_types = chosen.get("proof_types_supported") if isinstance(chosen, dict) else None
    endpoints = (
        meta.get("credential_endpoint"),
        meta.get("nonce_endpoint"),
        oauth.get("token_endpoint"),
    )
    if not all(isinstance(e, str) for e in endpoints):
        raise IssuerExchangeError("metadata: credential, nonce or token endpoint missing")
    credential, nonce, token = (str(e) for e in endpoints)
    return _Issuer(
        credential,
        nonce,
        token,
        wanted[0],
        frozenset(proof_types) if isinstance(proof_types, dict) else frozenset(),
    )


async def _key_proof(
    key: SigningKey, offer: Offer, nonce: str, proof_type: str
) -> dict[str, list[Any]]:
    """The ``proofs`` member: one ``jwt``, or one ``di_vp`` presentation over the nonce."""
    if proof_type == "jwt":
        return {"jwt": [jwt_proof(key, offer.issuer_url, nonce)]}
    presentation = await sign_presentation(
        build_presentation([], key.did), key, challenge=nonce, domain=offer.issuer_url
    )
    return {"di_vp": [presentation]}


async def redeem(
    offer: Offer, key: SigningKey, http: httpx.AsyncClient, *, proof_type: str | None = None
) -> list[Delivery]:
    """Run the 1.0 flow against the issuer; every failure is ``IssuerExchangeError``."""
    offer = await resolve_offer(offer, http)
    if offer.tx_code_spec is not None and not offer.tx_code:
        raise OfferFormatError("this offer needs the transaction code your issuer gave you")
    try:
        issuer = await _discover(offer, http)
        chosen = proof_type or ("jwt" if "jwt" in issuer.proof_types else "di_vp")
        if issuer.proof_types and chosen not in issuer.proof_types:
            raise IssuerExchangeError(f"metadata: the issuer takes no {chosen} proofs")
        form = {"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.code}
        if offer.tx_code_spec is not None and offer.tx_code:
            form["tx_code"] = offer.tx_code
        token = _answer(await http.post(issuer.token_endpoint, data=form), "token")
        access = token.get("access_token")
        if not isinstance(access, str):
            raise IssuerExchangeError("token: no access_token")
        nonce = _answer(await http.post(issuer.nonce_endpoint), "nonce").get("c_nonce")
        if not isinstance(nonce, str):
            raise IssuerExchangeError("nonce: no c_nonce")
        body = _answer(
            await http.post(
                issuer.credential_endpoint,
                json={
                    "credential_configuration_id": issuer.configuration_id,
                    "proofs": await _key_proof(key, offer, nonce, chosen),
                },
                headers={"Authorization": f"Bearer {access}"},
            ),
            "credential",
        )
    except httpx.HTTPError as exc:
        raise IssuerExchangeError(f"issuer unreachable: {type(exc).__name__}") from exc
    deliveries = _deliveries(body)
    logger.info("redeemed an offer of %s: %d credentials", offer.issuer_url, len(deliveries))
    return deliveries


def _deliveries(body: dict[str, Any]) -> list[Delivery]:
    """Each ``credentials[i].credential``, with our issuers' receipt extension when present."""
    entries = body.get("credentials")
    if not isinstance(entries, list):
        raise IssuerExchangeError("credential: the answer carries no credentials array")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("credential"), dict):
            raise IssuerExchangeError("credential: an entry carries no ldp_vc credential object")
        receipt, endpoint = entry.get("receipt"), entry.get("receipt_endpoint")
        out.append(
            Delivery(
                entry["credential"],
                receipt if isinstance(receipt, dict) else None,
                endpoint if isinstance(endpoint, str) else None,
            )
        )
    return out


async def fetch_receipt(endpoint: str, http: httpx.AsyncClient) -> dict[str, Any] | None:
    """The receipt from a ``receipt_endpoint``; ``None`` while the batch is not anchored."""
    try:
        body = _answer(await http.get(endpoint), "receipt")
    except httpx.HTTPError as exc:
        raise IssuerExchangeError(f"issuer unreachable: {type(exc).__name__}") from exc
    receipt = body.get("receipt")
    return receipt if isinstance(receipt, dict) else None
