"""The JSON-LD contexts we sign with, and why any other one cannot be processed here."""

from __future__ import annotations

from node.proofs.contexts import (
    BITSTRING_STATUS_CONTEXT,
    DATA_INTEGRITY_V2_CONTEXT,
    ED25519_2020_CONTEXT,
    MULTIKEY_CONTEXT,
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    STATUS_LIST_2021_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    pinned_contexts,
)

__all__ = [
    "BITSTRING_STATUS_CONTEXT",
    "DATA_INTEGRITY_V2_CONTEXT",
    "ED25519_2020_CONTEXT",
    "KNOWN_CONTEXTS",
    "MULTIKEY_CONTEXT",
    "OB3_CONTEXT",
    "OB3_CONTEXT_3_0_3",
    "STATUS_LIST_2021_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "unsupported_context_reason",
]

#: Every remote context we process: the pinned set of ``node/proofs/contexts``.
KNOWN_CONTEXTS = pinned_contexts().urls


def unsupported_context_reason(context: str) -> str | None:
    """Why a remote context cannot be processed here, or None when it can."""
    if context in KNOWN_CONTEXTS:
        return None
    return f"JSON-LD context {context!r} is not in the pinned set and is never fetched"
