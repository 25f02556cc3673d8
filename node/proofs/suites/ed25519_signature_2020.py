"""``Ed25519Signature2020``: the suite VC 1.1 verifiers (didkit among them) know."""

from __future__ import annotations

from typing import Any, ClassVar

from node.proofs.contexts import ED25519_2020_CONTEXT
from node.proofs.suites.base import Cryptosuite

__all__ = ["Ed25519Signature2020"]


class Ed25519Signature2020(Cryptosuite):
    """Its terms come from the ed25519-2020 context, which the document itself must carry."""

    name: ClassVar[str] = "Ed25519Signature2020"
    proof_type: ClassVar[str] = "Ed25519Signature2020"

    def handles(self, proof: dict[str, Any]) -> bool:
        """A proof of this type (it has no ``cryptosuite`` member)."""
        return proof.get("type") == self.proof_type and "cryptosuite" not in proof

    def context_problem(self, contexts: list[Any]) -> str | None:
        """Peers refuse the proof unless the document's @context holds the suite context."""
        if ED25519_2020_CONTEXT in contexts:
            return None
        return f"an Ed25519Signature2020 proof needs {ED25519_2020_CONTEXT} in the @context"

    def proof_options(self) -> dict[str, Any]:
        """Only ``type`` names this suite."""
        return {"type": self.proof_type}
