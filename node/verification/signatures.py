"""Issuer and holder signatures through our proof layer; a credential's verdict is cached by hash.

A signed credential never changes under its hash, and did:key needs no resolution, so the
proof verdict of a hash stays the same forever.
"""

from __future__ import annotations

from typing import Any

from node.credentials import CredentialError
from node.credentials.dids import did_of
from node.credentials.signing import credential_result, presentation_result
from node.proofs import ProofResult, SharedDatasets
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


def _reason(errors: tuple[str, ...] | list[str]) -> str:
    shown = "; ".join(errors[:3])
    return shown + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")


def _suites(result: ProofResult) -> str:
    return " + ".join(dict.fromkeys(result.suites)) or "the proof"


class SignatureChecker:
    """Verification of credentials (cached by hash) and of presentations."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._results: LruCache[Bytes32, ProofResult] = LruCache(max_entries)

    async def credential(
        self,
        vc: dict[str, Any],
        credential_hash: Bytes32 | None,
        issuer: str | None,
        shared: SharedDatasets | None = None,
    ) -> Check:
        """Every proof holds and was made with a key of the credential's own issuer.

        ``shared``: the presentation's, so that the credential is expanded once for both proofs.
        """
        name = "signature"
        signers = {did_of(m) if isinstance(m, str) else None for m in proof_methods(vc)}
        if issuer is None or signers != {issuer}:
            return Check.failed(name, "the proof was not made by the credential's issuer")
        result = self._results.get(credential_hash) if credential_hash else None
        if result is None:
            try:
                result = credential_result(vc, shared=shared)
            except CredentialError as exc:
                return Check.failed(name, f"the signature cannot be checked: {exc.detail}")
            if credential_hash is not None:
                self._results.put(credential_hash, result)
        if result.status == "unsupported":
            return Check.failed(name, f"unsupported: {_reason(result.reasons)}")
        if not result.verified:
            return Check.failed(
                name, f"the issuer's signature does not hold: {_reason(result.reasons)}"
            )
        return Check.passed(name, f"{_suites(result)} by {issuer} holds")

    async def presentation(
        self,
        vp: dict[str, Any],
        challenge: str,
        domain: str,
        shared: SharedDatasets | None = None,
    ) -> Check:
        """The holder's proof holds for this challenge and domain (credentials: each on its own)."""
        name = "signature"
        if not challenge or not domain:
            return Check.failed(name, "no challenge or domain to check the proof against")
        try:
            result = presentation_result(vp, challenge=challenge, domain=domain, shared=shared)
        except CredentialError as exc:
            prefix = "unsupported: " if exc.code == "CREDENTIAL_UNSUPPORTED" else ""
            return Check.failed(name, f"{prefix}the signature cannot be checked: {exc.detail}")
        if result.status == "unsupported":
            return Check.failed(name, f"unsupported: {_reason(result.reasons)}")
        if not result.verified:
            return Check.failed(
                name, f"the presentation proof does not hold: {_reason(result.reasons)}"
            )
        return Check.passed(name, f"the holder's {_suites(result)} holds for this challenge")
