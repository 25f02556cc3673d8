"""One-time offers in the OpenID4VCI pre-authorised code shape.

The learner's wallet trades the code for an access token and a nonce (``/token``), then asks
for the credential (``/credential``) with a presentation signed by its DID over that nonce
(proof type ``ldp_vp``), so a credential is handed only to the DID it was issued to.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy import select

from issuer.audit import record
from issuer.context import IssuerContext
from issuer.errors import OfferInvalidError, OfferRedeemedError
from issuer.models import IssuedCredential, Learner, Offer
from issuer.receipts import receipt_for
from node.credentials import (
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    CredentialFormat,
    credential_format,
    verify_presentation,
)
from node.errors import AuthError, ConflictError

__all__ = ["CONFIGURATION_ID", "PRE_AUTHORIZED_GRANT", "Offers", "ProofInvalidError"]

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"
_TOKEN_TTL = timedelta(minutes=30)


class ProofInvalidError(AuthError):
    """The wallet's proof of its DID does not hold."""

    code = "PROOF_INVALID"
    http_status = 400
    title = "Invalid proof of possession"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Offers:
    """Creates offers, exchanges codes for tokens, hands out credentials to their holders."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx
        self.issuer_url = ctx.settings.issuer_public_url.rstrip("/")

    def new_offer(
        self, *, credential_id: str | None = None, learner_id: int | None = None
    ) -> tuple[str, Offer]:
        """A fresh code (shown once) and its row, to add in the caller's transaction."""
        code = secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + timedelta(seconds=self.ctx.settings.offer_ttl_seconds)
        return code, Offer(
            code_hash=_hash(code),
            credential_id=credential_id,
            learner_id=learner_id,
            expires_at=expires,
        )

    def link(self, code: str) -> str:
        """The ``openid-credential-offer://`` link a wallet opens (also as a QR code)."""
        offer = {
            "credential_issuer": self.issuer_url,
            "credential_configuration_ids": [CONFIGURATION_ID],
            "grants": {PRE_AUTHORIZED_GRANT: {"pre-authorized_code": code}},
        }
        return "openid-credential-offer://?credential_offer=" + quote(json.dumps(offer))

    def metadata(self) -> dict[str, Any]:
        """``/.well-known/openid-credential-issuer``."""
        return {
            "credential_issuer": self.issuer_url,
            "token_endpoint": f"{self.issuer_url}/token",
            "credential_endpoint": f"{self.issuer_url}/credential",
            "credential_configurations_supported": {
                CONFIGURATION_ID: {
                    "format": "ldp_vc",
                    "cryptographic_binding_methods_supported": ["did:key"],
                    "credential_signing_alg_values_supported": [
                        "eddsa-rdfc-2022",
                        "Ed25519Signature2020",
                    ],
                    "proof_types_supported": {
                        "ldp_vp": {
                            "proof_signing_alg_values_supported": [
                                "eddsa-rdfc-2022",
                                "Ed25519Signature2020",
                            ]
                        }
                    },
                    "credential_definition": {
                        "@context": (
                            [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3]
                            if credential_format() is CredentialFormat.VC20
                            else [VC_V1_CONTEXT, OB3_CONTEXT]
                        ),
                        "type": ["VerifiableCredential", "OpenBadgeCredential"],
                    },
                }
            },
        }

    async def token(self, grant_type: str, code: str) -> dict[str, Any]:
        """Exchange a one-time code for an access token and a nonce; a second use is refused."""
        if grant_type != PRE_AUTHORIZED_GRANT:
            raise OfferInvalidError(f"grant_type must be {PRE_AUTHORIZED_GRANT}")
        token, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
        now = datetime.now(UTC)
        async with self.ctx.ledger.db.session() as session:
            offer = await session.scalar(select(Offer).where(Offer.code_hash == _hash(code)))
            if offer is None or _aware(offer.expires_at) < now:
                raise OfferInvalidError("unknown or expired offer code")
            if offer.redeemed_at is not None:
                raise OfferRedeemedError("this offer code was used already")
            offer.redeemed_at = now
            offer.token_hash = _hash(token)
            offer.nonce = nonce
            record(session, "wallet", "offer.redeem", str(offer.id), credential=offer.credential_id)
        seconds = int(_TOKEN_TTL.total_seconds())
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": seconds,
            "c_nonce": nonce,
            "c_nonce_expires_in": seconds,
        }

    async def credential(self, access_token: str, proof: dict[str, Any]) -> dict[str, Any]:
        """Hand each offered credential to the DID that proves it holds the key."""
        async with self.ctx.ledger.db.session() as session:
            offer = await session.scalar(
                select(Offer).where(Offer.token_hash == _hash(access_token))
            )
        if offer is None or offer.redeemed_at is None or offer.nonce is None:
            raise OfferInvalidError("unknown access token")
        if _aware(offer.redeemed_at) + _TOKEN_TTL < datetime.now(UTC):
            raise OfferInvalidError("access token expired")
        holder = await self._holder(proof, offer.nonce)
        async with self.ctx.ledger.db.session() as session:
            if offer.credential_id is not None:
                rows = list(
                    (
                        await session.scalars(
                            select(IssuedCredential).where(
                                IssuedCredential.credential_id == offer.credential_id
                            )
                        )
                    ).all()
                )
                if not rows or rows[0].learner_did != holder:
                    raise ProofInvalidError("the credential was issued to another DID")
            else:
                learner = await session.get(Learner, offer.learner_id)
                if learner is None:
                    raise OfferInvalidError("the offer's learner no longer exists")
                if learner.did not in (None, holder):
                    raise ConflictError("this learner account is linked to another DID")
                learner.did = holder
                record(session, f"learner:{holder}", "learner.link", learner.student_id)
                rows = list(
                    (
                        await session.scalars(
                            select(IssuedCredential).where(IssuedCredential.learner_did == holder)
                        )
                    ).all()
                )
        credentials = [
            {
                "format": "ldp_vc",
                "credential": json.loads(row.body),
                "receipt": await receipt_for(self.ctx, row),
                "receipt_endpoint": f"{self.issuer_url}/credentials/{row.credential_id}/receipt",
            }
            for row in rows
        ]
        if offer.credential_id is not None:
            return credentials[0]
        return {"credentials": credentials, "holder": holder}

    async def _holder(self, proof: dict[str, Any], nonce: str) -> str:
        """The DID that signed the proof presentation over our nonce and our identifier."""
        if proof.get("proof_type") != "ldp_vp" or not isinstance(proof.get("ldp_vp"), dict):
            raise ProofInvalidError("proof must be {proof_type: ldp_vp, ldp_vp: {...}}")
        presentation = proof["ldp_vp"]
        errors = await verify_presentation(presentation, challenge=nonce, domain=self.issuer_url)
        holder = presentation.get("holder")
        if errors or not isinstance(holder, str):
            raise ProofInvalidError("; ".join(errors) or "the presentation names no holder")
        return holder
