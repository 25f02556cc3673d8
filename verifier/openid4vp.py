"""OpenID4VP 1.0 authorisation requests of the employer's verifier, and their state.

Profile: client identifier prefix ``redirect_uri`` (the client id is ``redirect_uri:`` plus the
response URI), ``response_type=vp_token``, ``response_mode=direct_post``, a DCQL query of
``ldp_vc`` credentials. Such a request must not be signed (section 5.9.3), so it is offered by
value in the link, and by reference as an unsigned request object (``alg: none``) at
``request_uri`` for wallets that fetch it.

Everything expiring lives in the shared token store (``node.tokens``), so any worker can answer:
the request under its ``state`` (consumed once, by the one accepted response), the page's
transaction (never shown to the wallet) pointing at it, the result under the transaction, and
a same-device ``response_code`` pointing at the transaction.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from node.storage import Database
from node.tokens import Quota, TokenStore

__all__ = [
    "RESPONSE_PATH",
    "Openid4vpRequests",
    "PendingRequest",
    "client_metadata",
    "unsigned_request_object",
]

REQUEST_KIND = "verifier.oid4vp.request"
TRANSACTION_KIND = "verifier.oid4vp.transaction"
RESULT_KIND = "verifier.oid4vp.result"
CODE_KIND = "verifier.oid4vp.response_code"

#: The response endpoint's path under the verifier's public URL.
RESPONSE_PATH = "/openid4vp/response"
#: How long a result stays readable after the answer.
RESULT_TTL_SECONDS = 3600


def client_metadata() -> dict[str, Any]:
    """What the wallet needs to know of us: the presentation format and proofs we verify."""
    return {
        "vp_formats_supported": {
            "ldp_vc": {
                "proof_type_values": ["DataIntegrityProof", "Ed25519Signature2020"],
                "cryptosuite_values": ["eddsa-rdfc-2022"],
            }
        }
    }


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unsigned_request_object(params: dict[str, Any]) -> str:
    """The request as an unsigned JWT (RFC 9101 request object; ``alg: none``, no signature)."""
    header = {"alg": "none", "typ": "oauth-authz-req+jwt"}
    encode = json.dumps
    return f"{_b64(encode(header).encode())}.{_b64(encode(params).encode())}."


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """One authorisation request: what the wallet gets, and what the page keeps."""

    transaction: str
    state: str
    params: dict[str, Any]
    request_uri: str
    expires_at: int

    @property
    def link_by_value(self) -> str:
        """``openid4vp://?…`` with every parameter in the link (JSON members as JSON text)."""
        flat = {
            k: json.dumps(v, separators=(",", ":")) if isinstance(v, dict) else v
            for k, v in self.params.items()
        }
        return "openid4vp://?" + urlencode(flat)

    @property
    def link_by_reference(self) -> str:
        """``openid4vp://?client_id=…&request_uri=…``: the wallet fetches the request object."""
        query = {"client_id": self.params["client_id"], "request_uri": self.request_uri}
        return "openid4vp://?" + urlencode(query)


class Openid4vpRequests:
    """Create requests, find them by state or transaction, settle each once, keep results."""

    def __init__(
        self, db: Database, public_url: str, ttl_seconds: int, *, per_minute: int = 60
    ) -> None:
        self.tokens = TokenStore(db)
        self.public_url = public_url.rstrip("/")
        self.ttl_seconds = ttl_seconds
        self.quota = Quota(per_minute, 60)

    @property
    def response_uri(self) -> str:
        """Where wallets post their answers: the same for every request; ``state`` tells them."""
        return self.public_url + RESPONSE_PATH

    @property
    def client_id(self) -> str:
        """Our client identifier under the ``redirect_uri`` prefix (OpenID4VP 1.0, 5.9.3)."""
        return "redirect_uri:" + self.response_uri

    async def create(
        self, dcql_query: dict[str, Any], *, client: str = "", same_device: bool = False
    ) -> PendingRequest:
        """A fresh request with its own nonce and state; ``RateLimitedError`` past the quota."""
        state, transaction = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        params: dict[str, Any] = {
            "response_type": "vp_token",
            "client_id": self.client_id,
            "response_uri": self.response_uri,
            "response_mode": "direct_post",
            "nonce": secrets.token_urlsafe(24),
            "state": state,
            "dcql_query": dcql_query,
            "client_metadata": client_metadata(),
        }
        record = {"params": params, "transaction": transaction, "same_device": same_device}
        token = await self.tokens.issue(
            REQUEST_KIND,
            self.ttl_seconds,
            payload=record,
            client=client,
            quota=self.quota,
            value=state,
        )
        await self.tokens.issue(
            TRANSACTION_KIND, self.ttl_seconds, payload={"state": state}, value=transaction
        )
        made = self.pending(record)
        return PendingRequest(transaction, state, params, made.request_uri, int(token.expires_at))

    def pending(self, record: dict[str, Any]) -> PendingRequest:
        """The request a live record holds, with its links."""
        params = record["params"]
        request_uri = f"{self.public_url}/openid4vp/requests/{params['state']}/object"
        return PendingRequest(record["transaction"], params["state"], params, request_uri, 0)

    async def live(self, state: str) -> dict[str, Any] | None:
        """The unanswered, unexpired request of this state (its stored record)."""
        token = await self.tokens.peek(REQUEST_KIND, state)
        return None if token is None else token.payload

    async def why_not_live(self, state: str) -> str:
        """Why a state has no live request, in words for the error description."""
        known = await self.tokens.state(REQUEST_KIND, state)
        return {
            "consumed": "this request was answered already; a response is accepted once",
            "expired": "this request has expired; ask the verifier for a new one",
        }.get(known, "no request of this verifier has that state")

    async def settle(self, state: str, result: dict[str, Any]) -> str | None:
        """Record the accepted answer once; ``None`` when another response won the race.

        The answer is a same-device response code, for the ``redirect_uri``.
        """
        token = await self.tokens.consume(REQUEST_KIND, state)
        if token is None:
            return None
        transaction = str(token.payload["transaction"])
        await self.tokens.issue(RESULT_KIND, RESULT_TTL_SECONDS, payload=result, value=transaction)
        code = secrets.token_urlsafe(24)
        await self.tokens.issue(
            CODE_KIND, RESULT_TTL_SECONDS, payload={"transaction": transaction}, value=code
        )
        return code

    async def status(self, transaction: str) -> dict[str, Any] | None:
        """``pending``, ``answered`` (with the result) or ``expired``; ``None`` when unknown."""
        result = await self.tokens.peek(RESULT_KIND, transaction)
        if result is not None:
            return {"status": "answered", **result.payload}
        pointer = await self.tokens.peek(TRANSACTION_KIND, transaction)
        if pointer is None:
            known = await self.tokens.state(TRANSACTION_KIND, transaction)
            return {"status": "expired"} if known == "expired" else None
        state = str(pointer.payload["state"])
        known = await self.tokens.state(REQUEST_KIND, state)
        return {"status": "expired" if known == "expired" else "pending"}

    async def transaction_of(self, response_code: str) -> str | None:
        """The transaction a same-device response code shows."""
        token = await self.tokens.peek(CODE_KIND, response_code)
        return None if token is None else str(token.payload["transaction"])
