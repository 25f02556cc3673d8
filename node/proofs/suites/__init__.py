"""The cryptosuites we sign and verify with, one module each, found by the proof they handle."""

from __future__ import annotations

from typing import Any

from node.proofs.suites.base import Cryptosuite, ProofValueError, decode_proof_value
from node.proofs.suites.ed25519_signature_2020 import Ed25519Signature2020
from node.proofs.suites.eddsa_rdfc_2022 import EddsaRdfc2022

__all__ = [
    "SUITES",
    "Cryptosuite",
    "Ed25519Signature2020",
    "EddsaRdfc2022",
    "ProofValueError",
    "decode_proof_value",
    "suite_for",
    "suite_named",
]

#: One instance each (they cache proof-config hashes).
SUITES: tuple[Cryptosuite, ...] = (EddsaRdfc2022(), Ed25519Signature2020())


def suite_for(proof: dict[str, Any]) -> Cryptosuite | None:
    """The suite that handles a proof, or None (unsupported)."""
    return next((suite for suite in SUITES if suite.handles(proof)), None)


def suite_named(name: str) -> Cryptosuite:
    """A suite by its name (``eddsa-rdfc-2022``, ``Ed25519Signature2020``)."""
    for suite in SUITES:
        if suite.name == name:
            return suite
    raise KeyError(name)
