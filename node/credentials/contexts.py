"""The JSON-LD contexts we sign with and the ones we know we cannot process."""

from __future__ import annotations

import re

__all__ = [
    "ED25519_2020_CONTEXT",
    "KNOWN_CONTEXTS",
    "OB3_CONTEXT",
    "STATUS_LIST_2021_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "unsupported_context_reason",
]

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
STATUS_LIST_2021_CONTEXT = "https://w3id.org/vc/status-list/2021/v1"

#: Remote contexts built into didkit 0.3.3 that we accept; didkit fetches nothing else.
KNOWN_CONTEXTS = frozenset(
    {VC_V1_CONTEXT, OB3_CONTEXT, ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT}
)

_OB3_VERSIONED = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context-([0-9.]+)\.json$")


def unsupported_context_reason(context: str) -> str | None:
    """Why a remote context cannot be processed here, or None when it can."""
    if context in KNOWN_CONTEXTS:
        return None
    if context == VC_V2_CONTEXT or context.startswith("https://www.w3.org/ns/credentials/"):
        return (
            f"W3C VC Data Model 2.0 context {context!r}: only VC Data Model 1.1 "
            "credentials can be verified here"
        )
    versioned = _OB3_VERSIONED.fullmatch(context)
    if versioned:
        return (
            f"Open Badges context {versioned.group(1)}: only the 3.0.0 context "
            f"{OB3_CONTEXT!r} can be processed here"
        )
    return f"remote JSON-LD context {context!r} is not built in and is never fetched"
