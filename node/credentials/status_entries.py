"""A credential's ``credentialStatus``: where verifiers outside the consortium read its bit.

The index is the bit of the issuer account's revocation list on chain; the list credential at
``list_url`` is built from those bits. VC 2.0 names it ``BitstringStatusListEntry`` (defined by
the VC 2.0 context); VC 1.1 has no such term, so there it is a ``StatusList2021Entry`` under
the status-list 2021 context, which every VC 1.1 verifier of status lists reads.
"""

from __future__ import annotations

from typing import Any

__all__ = ["status_entry"]


def status_entry(list_url: str, index: int, *, vc2: bool = True) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential whose revocation bit is ``index``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry" if vc2 else "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }
