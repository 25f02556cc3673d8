"""Issuer and holder signatures through didkit; a credential's verdict is cached by its hash.

A signed credential never changes under its hash, and did:key needs no resolution, so the
proof errors of a hash stay the same forever.
"""

from __future__ import annotations

from typing import Any

from node.credentials import CredentialError, UnsupportedCredentialError, verify_credential
from node.credentials import verify_presentation as didkit_verify_presentation
from node.credentials.dids import did_of
from node.types import Bytes32
from node.verification.chainview import LruCache
from node.verification.local_checks import listed
from node.verification.report import Check

__all__ = ["SignatureChecker", "proof_methods"]


def proof_methods(document: dict[str, Any]) -> list[object]:
    """The ``verificationMethod`` of each proof of a document."""
    return [
        p.get("verificationMethod") if isinstance(p, dict) else None
        for p in listed(document.get("proof"))
    ]


def _reason(errors: list[str]) -> str:
    shown = "; ".join(errors[:3])
    return shown + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")


class SignatureChecker:
    """didkit verification of credentials (cached by hash) and of presentations."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._errors: LruCache[Bytes32, list[str]] = LruCache(max_entries)

    async def credential(
        self, vc: dict[str, Any], credential_hash: Bytes32 | None, issuer: str | None
    ) -> Check:
        """The issuer's Ed25519Signature2020 holds and was made by the issuer's own DID."""
        name = "signature"
        signers = {did_of(m) if isinstance(m, str) else None for m in proof_methods(vc)}
        if issuer is None or signers != {issuer}:
            return Check.failed(name, "the proof was not made by the credential's issuer")
        cached = self._errors.get(credential_hash) if credential_hash else None
        if cached is None:
            try:
                cached = await verify_credential(vc)
            except UnsupportedCredentialError as exc:
                return Check.failed(name, f"unsupported: {exc.detail}")
            except CredentialError as exc:
                return Check.failed(name, f"the signature cannot be checked: {exc.detail}")
            if credential_hash is not None:
                self._errors.put(credential_hash, cached)
        if cached:
            return Check.failed(name, f"the issuer's signature does not hold: {_reason(cached)}")
        return Check.passed(name, f"Ed25519Signature2020 by {issuer} holds")

    async def presentation(self, vp: dict[str, Any], challenge: str, domain: str) -> Check:
        """The holder's proof holds for this challenge and domain (and so do the credentials)."""
        name = "signature"
        if not challenge or not domain:
            return Check.failed(name, "no challenge or domain to check the proof against")
        try:
            # each credential inside gets its own signature check (cached by hash)
            errors = await didkit_verify_presentation(
                vp, challenge=challenge, domain=domain, embedded=False
            )
        except UnsupportedCredentialError as exc:
            return Check.failed(name, f"unsupported: {exc.detail}")
        except CredentialError as exc:
            return Check.failed(name, f"the signature cannot be checked: {exc.detail}")
        if errors:
            return Check.failed(name, f"the presentation proof does not hold: {_reason(errors)}")
        return Check.passed(name, "the holder's Ed25519Signature2020 holds for this challenge")
