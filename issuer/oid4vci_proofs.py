"""Key proofs of a credential request (OpenID4VCI 1.0 appendix F): ``jwt`` and ``di_vp``.

Each answers the holder's DID and the ``c_nonce`` it signed over, or raises
``InvalidProofError``. Whether that nonce is still live is the caller's question: it is
consumed only after the signature holds, so a forged proof cannot burn someone's nonce.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from typing import Any

from issuer.oid4vci_errors import InvalidProofError
from node import jsonlimits
from node.credentials import verify_presentation
from node.errors import CreditBankError, InputError
from node.proofs import resolve_did_key
from node.proofs.keys import verify_ed25519

__all__ = ["JWT_PROOF_TYPE", "ProvenKey", "verify_di_vp_proof", "verify_jwt_proof"]

JWT_PROOF_TYPE = "openid4vci-proof+jwt"
_MAX_JWT = 8192
#: how far ``iat`` may lie in the future (clock skew between wallet and issuer)
_SKEW_SECONDS = 300


@dataclass(frozen=True, slots=True)
class ProvenKey:
    """The DID whose key signed the proof, and the nonce it signed."""

    did: str
    nonce: str


def _unb64url(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidProofError("the proof JWT is not base64url") from exc


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = jsonlimits.loads(_unb64url(part))
    except (InputError, ValueError, UnicodeDecodeError) as exc:
        raise InvalidProofError(f"the proof JWT {what} is not JSON") from exc
    if not isinstance(value, dict):
        raise InvalidProofError(f"the proof JWT {what} is not an object")
    return value


def verify_jwt_proof(jwt: object, issuer_url: str) -> ProvenKey:
    """A compact JWS: typ, EdDSA, a did:key ``kid``, ``aud`` = us, ``iat``, ``nonce``."""
    if not isinstance(jwt, str) or len(jwt) > _MAX_JWT or jwt.count(".") != 2:
        raise InvalidProofError("the jwt proof is not a compact JWS")
    head, body, signature = jwt.split(".")
    header, payload = _json_part(head, "header"), _json_part(body, "payload")
    if header.get("typ") != JWT_PROOF_TYPE:
        raise InvalidProofError(f"the proof JWT's typ must be {JWT_PROOF_TYPE}")
    if header.get("alg") not in ("EdDSA", "Ed25519"):
        raise InvalidProofError("the proof JWT's alg must be EdDSA")
    if "jwk" in header or "x5c" in header:
        raise InvalidProofError("name the key by kid (a did:key verification method) only")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid.startswith("did:key:") or "#" not in kid:
        raise InvalidProofError("kid must be a did:key verification method (did:key:z...#z...)")
    try:
        method = resolve_did_key(kid)
    except CreditBankError as exc:
        raise InvalidProofError("kid is not an Ed25519 did:key verification method") from exc
    if not verify_ed25519(method.public_key, _unb64url(signature), f"{head}.{body}".encode()):
        raise InvalidProofError("the proof JWT's signature does not verify with its kid")
    if payload.get("aud") != issuer_url:
        raise InvalidProofError(f"the proof JWT's aud must be {issuer_url}")
    iat = payload.get("iat")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise InvalidProofError("the proof JWT needs iat")
    if iat > time.time() + _SKEW_SECONDS:
        raise InvalidProofError("the proof JWT was issued in the future")
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise InvalidProofError("the proof JWT carries no nonce")
    return ProvenKey(method.controller, nonce)


async def verify_di_vp_proof(vp: object, issuer_url: str) -> ProvenKey:
    """A presentation by the holder, signed over challenge = ``c_nonce`` and domain = us."""
    if not isinstance(vp, dict):
        raise InvalidProofError("a di_vp proof is a presentation object")
    proof = vp.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    challenge = proof.get("challenge") if isinstance(proof, dict) else None
    holder = vp.get("holder")
    if not isinstance(challenge, str) or not challenge:
        raise InvalidProofError("the presentation's proof carries no challenge (the c_nonce)")
    if not isinstance(holder, str) or not holder.startswith("did:key:"):
        raise InvalidProofError("the presentation's holder must be a did:key")
    try:
        errors = await verify_presentation(
            vp, challenge=challenge, domain=issuer_url, embedded=False
        )
    except CreditBankError as exc:
        raise InvalidProofError(f"the presentation is malformed: {exc.detail}") from exc
    if errors:
        raise InvalidProofError("; ".join(errors))
    return ProvenKey(holder, challenge)
