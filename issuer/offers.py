"""OpenID4VCI 1.0 pre-authorised code flow: offers, token, nonce and credential endpoints.

Codes, access tokens and ``c_nonce``s live in the expiring-token store (only their hashes are
stored), so each is short-lived and used once across every worker. The credential handed out
was signed and anchored by the one issuance pipeline (``POST /issuance`` and the desks); the
credential endpoint only releases it to the DID that proves it holds the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from issuer.audit import record
from issuer.context import IssuerContext
from issuer.errors import OfferInvalidError
from issuer.models import IssuedCredential, Learner
from issuer.oid4vci_errors import (
    InvalidGrantError,
    InvalidNonceError,
    InvalidProofError,
    InvalidTokenError,
    OAuthError,
)
from issuer.oid4vci_metadata import (
    CONFIGURATION_ID,
    PRE_AUTHORIZED_GRANT,
    authorization_server_metadata,
    issuer_metadata,
    offer_by_reference,
    offer_by_value,
    offer_object,
)
from issuer.oid4vci_proofs import ProvenKey, verify_di_vp_proof, verify_jwt_proof
from issuer.receipts import receipt_for
from node.errors import ConflictError, NotFoundError
from node.tokens import BackOff, ExpiringToken, Quota

__all__ = ["CODE_KIND", "CONFIGURATION_ID", "PRE_AUTHORIZED_GRANT", "NewOffer", "Offers"]

CODE_KIND = "issuer.oid4vci.code"
ACCESS_KIND = "issuer.oid4vci.access"
NONCE_KIND = "issuer.oid4vci.nonce"
_TX_FAILURES = "issuer.oid4vci.txfail"
#: two wrong tx_codes are typos; then each try waits 1 s, doubling (6 digits stay unguessable)
_TX_BACKOFF = BackOff(base_seconds=1.0, free=2, max_seconds=600.0, memory_seconds=3600.0)
_NONCE_QUOTA = Quota(limit=600, window_seconds=60.0)
TX_CODE_LENGTH = 6


@dataclass(frozen=True, slots=True)
class NewOffer:
    """An offer just made: shown once, never stored in clear."""

    code: str
    link: str
    offer_uri: str
    expires_at: datetime
    tx_code: str | None


def _tx_hash(code: str, tx_code: str) -> str:
    """The tx_code keyed by its (secret, random) code, so the stored hash reveals nothing."""
    return hashlib.sha256(f"{code}:{tx_code}".encode()).hexdigest()


def _form(fields: Mapping[str, object], name: str) -> str | None:
    value = fields.get(name)
    return value if isinstance(value, str) and value else None


class Offers:
    """Makes offers and runs the token, nonce and credential endpoints of one issuer."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx
        self.issuer_url = ctx.settings.issuer_public_url.rstrip("/")

    # -- offers ---------------------------------------------------------------------------

    def new_offer(
        self,
        *,
        credential_id: str | None = None,
        learner_id: int | None = None,
        tx_code: str | None = None,
    ) -> tuple[str, ExpiringToken]:
        """A fresh code and its row for the caller's transaction: it lives only if that commits."""
        code = secrets.token_urlsafe(24)
        payload: dict[str, Any] = {"credential_id": credential_id, "learner_id": learner_id}
        if tx_code:
            payload |= {"tx_code_hash": _tx_hash(code, tx_code), "tx_code_length": len(tx_code)}
        _, row = self.ctx.tokens.pending(
            CODE_KIND, self.ctx.settings.offer_ttl_seconds, payload=payload, value=code
        )
        return code, row

    async def create(self, *, credential_id: str, with_tx_code: bool = False) -> NewOffer:
        """Offer an issued credential again (API and console), optionally behind a tx_code."""
        tx_code = (
            "".join(secrets.choice("0123456789") for _ in range(TX_CODE_LENGTH))
            if with_tx_code
            else None
        )
        code, row = self.new_offer(credential_id=credential_id, tx_code=tx_code)
        async with self.ctx.ledger.db.session() as session:
            session.add(row)
        return NewOffer(
            code=code,
            link=self.link(code, len(tx_code) if tx_code else None),
            offer_uri=self.link_by_reference(code),
            expires_at=datetime.fromtimestamp(row.expires_at, UTC),
            tx_code=tx_code,
        )

    def link(self, code: str, tx_code_length: int | None = None) -> str:
        """The offer by value, ``openid-credential-offer://?credential_offer=...``."""
        return offer_by_value(self.issuer_url, code, tx_code_length)

    def link_by_reference(self, code: str) -> str:
        """The offer by reference, ``openid-credential-offer://?credential_offer_uri=...``."""
        return offer_by_reference(self.issuer_url, code)

    async def offer_document(self, code: str) -> dict[str, Any]:
        """The offer a ``credential_offer_uri`` serves, while its code is live and unused."""
        live = await self.ctx.tokens.peek(CODE_KIND, code)
        if live is None:
            raise NotFoundError("no live credential offer here (used, expired or never made)")
        length = live.payload.get("tx_code_length")
        return offer_object(self.issuer_url, code, length if isinstance(length, int) else None)

    def metadata(self) -> dict[str, Any]:
        """``/.well-known/openid-credential-issuer``."""
        return issuer_metadata(self.issuer_url, self.ctx.settings.issuer_name)

    def authorization_server(self) -> dict[str, Any]:
        """``/.well-known/oauth-authorization-server``."""
        return authorization_server_metadata(self.issuer_url)

    # -- token and nonce endpoints --------------------------------------------------------

    async def token(self, fields: Mapping[str, object]) -> dict[str, Any]:
        """Trade a live code (and its tx_code) for an access token; a code works once."""
        grant_type = _form(fields, "grant_type")
        if grant_type is None:
            raise OAuthError("invalid_request", "grant_type is required")
        if grant_type != PRE_AUTHORIZED_GRANT:
            raise OAuthError("unsupported_grant_type", f"only {PRE_AUTHORIZED_GRANT} is supported")
        code = _form(fields, "pre-authorized_code")
        if code is None:
            raise OAuthError("invalid_request", "pre-authorized_code is required")
        tokens = self.ctx.tokens
        live = await tokens.peek(CODE_KIND, code)
        if live is None:
            state = await tokens.state(CODE_KIND, code)
            said = {"consumed": "was used already", "expired": "has expired"}
            raise InvalidGrantError(f"the pre-authorized_code {said.get(state, 'is unknown')}")
        await self._check_tx_code(code, live.payload, _form(fields, "tx_code"))
        won = await tokens.consume(CODE_KIND, code)
        if won is None:  # another request won the race for this code
            raise InvalidGrantError("the pre-authorized_code was used already")
        grant = {k: won.payload.get(k) for k in ("credential_id", "learner_id")}
        ttl = self.ctx.settings.access_token_ttl_seconds
        access = await tokens.issue(ACCESS_KIND, ttl, payload=grant)
        async with self.ctx.ledger.db.session() as session:
            target = grant["credential_id"] or f"learner:{grant['learner_id']}"
            record(session, "wallet", "offer.redeem", str(target))
        return {"access_token": access.value, "token_type": "Bearer", "expires_in": ttl}

    async def _check_tx_code(
        self, code: str, payload: Mapping[str, Any], given: str | None
    ) -> None:
        """The tx_code the offer asked for; wrong ones are counted and slowed down."""
        expected = payload.get("tx_code_hash")
        if not isinstance(expected, str):
            if given is not None:
                raise OAuthError("invalid_request", "this offer takes no tx_code")
            return
        if given is None:
            raise OAuthError("invalid_request", "this offer needs its tx_code")
        tokens = self.ctx.tokens
        if await tokens.wait_seconds(_TX_FAILURES, code, _TX_BACKOFF) > 0:
            raise InvalidGrantError("too many wrong tx_codes; wait and try again")
        if not hmac.compare_digest(_tx_hash(code, given), expected):
            await tokens.record_failure(_TX_FAILURES, code, _TX_BACKOFF)
            raise InvalidGrantError("the tx_code is wrong")
        await tokens.clear(_TX_FAILURES, code)

    async def nonce(self, client: str) -> dict[str, Any]:
        """A fresh ``c_nonce`` for one key proof (section 7)."""
        ttl = self.ctx.settings.c_nonce_ttl_seconds
        made = await self.ctx.tokens.issue(NONCE_KIND, ttl, client=client, quota=_NONCE_QUOTA)
        return {"c_nonce": made.value, "c_nonce_expires_in": ttl}

    # -- credential endpoint --------------------------------------------------------------

    async def credential(self, access_token: str | None, body: object) -> dict[str, Any]:
        """Release what was offered to the DID whose key proof holds over a live nonce."""
        if not access_token:
            raise InvalidTokenError("an access token (Authorization: Bearer) is required")
        grant = await self.ctx.tokens.peek(ACCESS_KIND, access_token)
        if grant is None:
            raise InvalidTokenError("the access token is unknown or expired")
        if not isinstance(body, dict):
            raise OAuthError("invalid_credential_request", "the body must be a JSON object")
        if "credential_identifier" in body:
            raise OAuthError(
                "invalid_credential_request",
                "no authorization_details were granted: name credential_configuration_id",
            )
        configuration = body.get("credential_configuration_id")
        if not isinstance(configuration, str):
            raise OAuthError("invalid_credential_request", "credential_configuration_id required")
        if configuration != CONFIGURATION_ID:
            raise OAuthError(
                "unknown_credential_configuration",
                f"this issuer offers only {CONFIGURATION_ID}",
            )
        proven = await self._key_proof(body)
        if await self.ctx.tokens.consume(NONCE_KIND, proven.nonce) is None:
            raise InvalidNonceError("the proof's nonce is not a live c_nonce: ask /nonce again")
        rows = await self._release(grant.payload, proven.did)
        entries = [
            {
                "credential": json.loads(row.body),
                "receipt": await receipt_for(self.ctx, row),
                "receipt_endpoint": f"{self.issuer_url}/credentials/{row.credential_id}/receipt",
            }
            for row in rows
        ]
        return {"credentials": entries}

    async def _key_proof(self, body: Mapping[str, Any]) -> ProvenKey:
        """The one proof of ``proofs`` (1.0) or of the older singular ``proof``."""
        proofs, proof = body.get("proofs"), body.get("proof")
        if proofs is not None and proof is not None:
            raise OAuthError("invalid_credential_request", "send proofs or proof, not both")
        if isinstance(proofs, dict):
            if len(proofs) != 1:
                raise InvalidProofError("proofs must name exactly one proof type")
            ((kind, items),) = proofs.items()
            if not isinstance(items, list) or len(items) != 1:
                raise InvalidProofError("send exactly one proof: batch issuance is not offered")
            item = items[0]
        elif isinstance(proof, dict):
            kind = proof.get("proof_type")
            item = proof.get(kind) if isinstance(kind, str) else None
        else:
            raise InvalidProofError("a key proof (proofs.jwt or proofs.di_vp) is required")
        if kind == "jwt":
            return verify_jwt_proof(item, self.issuer_url)
        if kind in ("di_vp", "ldp_vp"):
            return await verify_di_vp_proof(item, self.issuer_url)
        raise InvalidProofError("supported proof types: jwt, di_vp")

    async def _release(self, grant: Mapping[str, Any], holder: str) -> list[IssuedCredential]:
        """The credential issued to ``holder``, or a roster account's, linking it to ``holder``."""
        credential_id, learner_id = grant.get("credential_id"), grant.get("learner_id")
        async with self.ctx.ledger.db.session() as session:
            if isinstance(credential_id, str):
                rows = list(
                    (
                        await session.scalars(
                            select(IssuedCredential).where(
                                IssuedCredential.credential_id == credential_id
                            )
                        )
                    ).all()
                )
                if not rows or rows[0].learner_did != holder:
                    raise InvalidProofError("the credential was issued to another DID")
                record(session, f"learner:{holder}", "offer.deliver", credential_id)
                return rows
            learner = await session.get(Learner, learner_id)
            if learner is None:
                raise OfferInvalidError("the offer's learner no longer exists")
            if learner.did not in (None, holder):
                raise ConflictError("this learner account is linked to another DID")
            learner.did = holder
            record(session, f"learner:{holder}", "learner.link", learner.student_id)
            return list(
                (
                    await session.scalars(
                        select(IssuedCredential).where(IssuedCredential.learner_did == holder)
                    )
                ).all()
            )
