"""OpenID4VCI 1.0 documents: issuer metadata, OAuth server metadata, offers and their links.

Every URL starts from the service's ``issuer_public_url``, the identifier wallets compare
(``credential_issuer`` and the ``aud`` of their key proofs).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from node.credentials import (
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    CredentialFormat,
    credential_format,
)

__all__ = [
    "CONFIGURATION_ID",
    "DI_SUITES",
    "OFFER_SCHEME",
    "PRE_AUTHORIZED_GRANT",
    "authorization_server_metadata",
    "issuer_metadata",
    "offer_by_reference",
    "offer_by_value",
    "offer_object",
    "offer_uri",
]

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"
OFFER_SCHEME = "openid-credential-offer://"
#: Data Integrity suites we sign credentials with and accept on ``di_vp`` key proofs.
DI_SUITES = ["eddsa-rdfc-2022", "Ed25519Signature2020"]


def _base(issuer_url: str) -> str:
    return issuer_url.rstrip("/")


def issuer_metadata(issuer_url: str, name: str) -> dict[str, Any]:
    """``/.well-known/openid-credential-issuer`` (section 12.2.4); we are our own AS."""
    base = _base(issuer_url)
    contexts = (
        [VC_V2_CONTEXT, OB3_CONTEXT_3_0_3]
        if credential_format() is CredentialFormat.VC20
        else [VC_V1_CONTEXT, OB3_CONTEXT]
    )
    return {
        "credential_issuer": base,
        "credential_endpoint": f"{base}/credential",
        "nonce_endpoint": f"{base}/nonce",
        "display": [{"name": name, "locale": "en"}],
        "credential_configurations_supported": {
            CONFIGURATION_ID: {
                "format": "ldp_vc",
                "cryptographic_binding_methods_supported": ["did:key"],
                "credential_signing_alg_values_supported": DI_SUITES,
                "proof_types_supported": {
                    "jwt": {"proof_signing_alg_values_supported": ["EdDSA"]},
                    "di_vp": {"proof_signing_alg_values_supported": DI_SUITES},
                },
                "credential_definition": {
                    "@context": contexts,
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "credential_metadata": {
                    "display": [{"name": "Open Badges 3.0 achievement", "locale": "en"}]
                },
            }
        },
    }


def authorization_server_metadata(issuer_url: str) -> dict[str, Any]:
    """``/.well-known/oauth-authorization-server`` (RFC 8414): the token endpoint only."""
    base = _base(issuer_url)
    return {
        "issuer": base,
        "token_endpoint": f"{base}/token",
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "response_types_supported": [],
        "token_endpoint_auth_methods_supported": ["none"],
        "pre-authorized_grant_anonymous_access_supported": True,
    }


def offer_object(issuer_url: str, code: str, tx_code_length: int | None) -> dict[str, Any]:
    """The Credential Offer (section 4.1.1); ``tx_code`` tells the wallet to ask for digits."""
    grant: dict[str, Any] = {"pre-authorized_code": code}
    if tx_code_length:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": tx_code_length,
            "description": "The code your certification centre gave you separately",
        }
    return {
        "credential_issuer": _base(issuer_url),
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


def offer_uri(issuer_url: str, code: str) -> str:
    """Where the offer is served by reference; it lives exactly as long as its code."""
    return f"{_base(issuer_url)}/credential-offers/{quote(code, safe='')}"


def offer_by_value(issuer_url: str, code: str, tx_code_length: int | None) -> str:
    """``openid-credential-offer://?credential_offer=...``."""
    offer = json.dumps(offer_object(issuer_url, code, tx_code_length), separators=(",", ":"))
    return f"{OFFER_SCHEME}?credential_offer={quote(offer, safe='')}"


def offer_by_reference(issuer_url: str, code: str) -> str:
    """``openid-credential-offer://?credential_offer_uri=...`` (short: the QR code carries it)."""
    return f"{OFFER_SCHEME}?credential_offer_uri={quote(offer_uri(issuer_url, code), safe='')}"
