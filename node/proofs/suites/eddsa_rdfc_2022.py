"""``DataIntegrityProof`` with ``eddsa-rdfc-2022``: the VC 2.0 suite (W3C vc-di-eddsa)."""

from __future__ import annotations

from typing import Any, ClassVar

from node.proofs.contexts import DATA_INTEGRITY_V2_CONTEXT, VC_V2_CONTEXT
from node.proofs.suites.base import Cryptosuite

__all__ = ["EddsaRdfc2022"]


class EddsaRdfc2022(Cryptosuite):
    """Its terms come from the VC 2.0 context, or data-integrity v2 for VC 1.1 documents."""

    name: ClassVar[str] = "eddsa-rdfc-2022"
    proof_type: ClassVar[str] = "DataIntegrityProof"

    def handles(self, proof: dict[str, Any]) -> bool:
        """A DataIntegrityProof naming this cryptosuite."""
        return proof.get("type") == self.proof_type and proof.get("cryptosuite") == self.name

    def context_problem(self, contexts: list[Any]) -> str | None:
        """The document must define DataIntegrityProof through one of the two contexts."""
        if VC_V2_CONTEXT in contexts or DATA_INTEGRITY_V2_CONTEXT in contexts:
            return None
        return (
            f"a DataIntegrityProof needs {VC_V2_CONTEXT} or {DATA_INTEGRITY_V2_CONTEXT} "
            "in the @context"
        )

    def proof_options(self) -> dict[str, Any]:
        """``type`` and ``cryptosuite``."""
        return {"type": self.proof_type, "cryptosuite": self.name}
