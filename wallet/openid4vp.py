"""Answer an OpenID4VP 1.0 request: read it, show what matches, present, post to the verifier.

The profile we answer: client identifier prefix ``redirect_uri``, ``response_mode=direct_post``
and a DCQL query of ``ldp_vc`` credentials, the request by value in the link or by reference as
an unsigned request object. Signed requests (other client identifier prefixes) are refused: we
cannot yet check who signed them. The presentation is bound to challenge = the nonce and
domain = the client id (Appendix B.1.2), and the credentials' anchor receipts travel beside it
in an extra ``receipts`` parameter, which verifiers that do not know it ignore.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from node import jsonlimits
from node.credentials import credential_hash
from node.dcql import DcqlQuery, parse_query, unmet
from node.errors import InputError
from wallet.errors import VerifierExchangeError
from wallet.models import HeldCredential
from wallet.schemas import http_url
from wallet.wallet import Wallet

__all__ = [
    "AuthorizationRequest",
    "Openid4vpRequestError",
    "matching",
    "read_request",
    "request_object_payload",
    "respond",
    "validate_request",
]

logger = logging.getLogger(__name__)

_PREFIX = "redirect_uri:"
_MAX_LINK = 16_000
#: A request object larger than this is refused while it is read, not after.
_MAX_REQUEST_OBJECT = 64 * 1024


class Openid4vpRequestError(InputError):
    """The link or request object is not an OpenID4VP request this wallet can answer."""

    code = "OPENID4VP_REQUEST_INVALID"
    title = "OpenID4VP request not answerable"


@dataclass(frozen=True)
class AuthorizationRequest:
    """A verified-as-well-formed request: where to answer, what to bind to, what to show."""

    client_id: str
    response_uri: str
    nonce: str
    state: str | None
    query: DcqlQuery
    dcql_query: dict[str, Any]


def _refuse(detail: str) -> Openid4vpRequestError:
    return Openid4vpRequestError(detail)


def _b64_json(part: str) -> Any:
    try:
        return jsonlimits.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, InputError, ValueError) as exc:
        raise _refuse("the request object is not a JWT") from exc


def request_object_payload(jwt: str) -> dict[str, Any]:
    """The payload of an unsigned request object; a signed one is refused (see the module)."""
    parts = jwt.strip().split(".")
    if len(parts) != 3:
        raise _refuse("the request object is not a compact JWT")
    header, payload = _b64_json(parts[0]), _b64_json(parts[1])
    if not isinstance(header, dict) or header.get("alg") != "none" or parts[2]:
        raise _refuse(
            "the request object is signed; this wallet answers only the redirect_uri client "
            "identifier prefix, whose requests are unsigned"
        )
    if not isinstance(payload, dict):
        raise _refuse("the request object's payload is not a JSON object")
    return payload


def _json_param(params: Mapping[str, Any], name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        try:
            return jsonlimits.loads(value)
        except InputError as exc:
            raise _refuse(f"{name} is not valid JSON") from exc
    return value


def validate_request(params: Mapping[str, Any]) -> AuthorizationRequest:
    """Check the parameters our profile needs (OpenID4VP 1.0 sections 5 and 5.9.3)."""
    if params.get("response_type") != "vp_token":
        raise _refuse("response_type must be vp_token")
    if params.get("response_mode") != "direct_post":
        raise _refuse("only response_mode direct_post is answered")
    response_uri, client_id = params.get("response_uri"), params.get("client_id")
    if not isinstance(response_uri, str) or not isinstance(client_id, str):
        raise _refuse("client_id and response_uri are required")
    try:
        http_url(response_uri)
    except ValueError as exc:
        raise _refuse(f"response_uri {exc}") from None
    if client_id != _PREFIX + response_uri:
        raise _refuse("client_id must be redirect_uri: followed by the response_uri")
    nonce, state = params.get("nonce"), params.get("state")
    if not isinstance(nonce, str) or not nonce:
        raise _refuse("nonce is required")
    raw_query = _json_param(params, "dcql_query")
    if raw_query is None:
        raise _refuse("only DCQL requests (dcql_query) are answered")
    return AuthorizationRequest(
        client_id=client_id,
        response_uri=response_uri,
        nonce=nonce,
        state=state if isinstance(state, str) else None,
        query=parse_query(raw_query),
        dcql_query=raw_query,
    )


async def _fetch_request_object(request_uri: str, http: httpx.AsyncClient) -> str:
    """The request object at ``request_uri``, read no further than ``_MAX_REQUEST_OBJECT``."""
    body = bytearray()
    try:
        http_url(request_uri)
        headers = {"Accept": "application/oauth-authz-req+jwt"}
        async with http.stream("GET", request_uri, headers=headers) as answer:
            if answer.status_code != 200:
                raise VerifierExchangeError(f"request_uri answered HTTP {answer.status_code}")
            async for chunk in answer.aiter_bytes():
                body += chunk
                if len(body) > _MAX_REQUEST_OBJECT:
                    raise _refuse(f"the request object is over {_MAX_REQUEST_OBJECT} bytes")
    except (ValueError, httpx.HTTPError) as exc:
        raise VerifierExchangeError(f"request_uri could not be read ({exc!s:.80})") from None
    try:
        return body.decode()
    except UnicodeDecodeError:
        raise _refuse("the request object is not UTF-8 text") from None


async def read_request(link: str, http: httpx.AsyncClient) -> AuthorizationRequest:
    """Parse an ``openid4vp://`` link, fetching its request object when given by reference."""
    if len(link) > _MAX_LINK:
        raise _refuse("the link is too long")
    params: dict[str, Any] = dict(parse_qsl(urlsplit(link.strip()).query, max_num_fields=32))
    request_uri = params.get("request_uri")
    if isinstance(request_uri, str):
        payload = request_object_payload(await _fetch_request_object(request_uri, http))
        if payload.get("client_id") != params.get("client_id"):
            raise _refuse("the request object's client_id differs from the link's")
        params = payload
    return validate_request(params)


def matching(request: AuthorizationRequest, held: Sequence[HeldCredential]) -> dict[str, list[str]]:
    """Per credential query id, the ids of held, presentable credentials that match it."""
    usable = [c for c in held if not c.pending and c.receipt is not None]
    picked = request.query.pick([c.credential for c in usable])
    return {query_id: [usable[i].id for i in found] for query_id, found in picked.items()}


def _receipts(wallet: Wallet, ids: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for held in (wallet.get(i) for i in ids):
        out["0x" + credential_hash(held.credential).hex()] = held.receipt
    return out


async def respond(
    request: AuthorizationRequest,
    wallet: Wallet,
    chosen: Mapping[str, Sequence[str]],
    http: httpx.AsyncClient,
) -> dict[str, Any]:
    """Present the chosen credentials per query and post them; the verifier's 200 body."""
    chosen = {q: list(ids) for q, ids in chosen.items() if ids}
    problems = unmet(request.query, {q: [wallet.get(i).credential for i in ids]
                                     for q, ids in chosen.items()})  # fmt: skip
    if problems:
        raise InputError("the chosen credentials do not answer the request: " + "; ".join(problems))
    vp_token: dict[str, list[dict[str, Any]]] = {}
    receipts: dict[str, Any] = {}
    for query_id, ids in chosen.items():
        package = await wallet.present(ids, challenge=request.nonce, domain=request.client_id)
        vp_token[query_id] = [package["verifiablePresentation"]]
        receipts.update(_receipts(wallet, ids))
    form = {"vp_token": json.dumps(vp_token), "receipts": json.dumps(receipts)}
    if request.state is not None:
        form["state"] = request.state
    try:
        answer = await http.post(request.response_uri, data=form)
    except httpx.HTTPError as exc:
        raise VerifierExchangeError(
            f"the response URI did not answer ({type(exc).__name__})"
        ) from None
    try:
        body = answer.json()
    except ValueError:
        body = None
    if answer.status_code != 200 or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else None
        why = body.get("error_description") if isinstance(body, dict) else None
        raise VerifierExchangeError(
            f"the verifier refused the presentation: HTTP {answer.status_code} "
            f"{error or ''}: {str(why or '')[:300]}"
        )
    logger.info("answered an OpenID4VP request with %d presentation(s)", len(vp_token))
    return body
