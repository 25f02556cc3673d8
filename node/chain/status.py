"""Where a credential's status lives on chain: the index of its ``BitstringStatusListEntry``.

The registry keeps, for every issuer account, a revocation list and a suspension list as
256-bit words; a credential's bit is at its status list index in both. The signing layer puts
the entry in the credential (so its signature and Merkle leaf cover it); this module reads it
back. A credential with no entry (one issued before status lists) is a legacy credential: its
status lives per credential hash, set with a Merkle proof (``RegistryClient.revoke``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from node.chain.types import StatusPurpose
from node.errors import InputError

__all__ = [
    "STATUS_ENTRY_TYPES",
    "WORD_BITS",
    "StatusEntry",
    "StatusEntryError",
    "status_entries",
    "status_index",
    "word_of",
]

#: Entry types whose ``statusListIndex`` names a bit (VC 2.0 name, and the VC 1.1 one).
STATUS_ENTRY_TYPES = frozenset({"BitstringStatusListEntry", "StatusList2021Entry"})
#: Bits per on-chain word.
WORD_BITS = 256

_PURPOSES = {"revocation": StatusPurpose.REVOCATION, "suspension": StatusPurpose.SUSPENSION}


class StatusEntryError(InputError):
    """A credential's status entry cannot be read as an on-chain index."""

    code = "STATUS_ENTRY_INVALID"
    title = "Malformed credential status entry"


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """One status list entry of a credential."""

    purpose: StatusPurpose
    index: int
    list_credential: str | None


def word_of(index: int) -> tuple[int, int]:
    """The word index and bit of a status list index."""
    return index // WORD_BITS, index % WORD_BITS


def _index(value: object) -> int:
    """``statusListIndex`` is a decimal string in the spec; an integer is tolerated."""
    if isinstance(value, bool):
        raise StatusEntryError("statusListIndex is not a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 77:
        number = int(value)
    else:
        raise StatusEntryError("statusListIndex is not a non-negative decimal integer")
    if not 0 <= number < 2**256:
        raise StatusEntryError("statusListIndex is outside 0 .. 2^256 - 1")
    return number


def status_entries(vc: dict[str, Any]) -> list[StatusEntry]:
    """The credential's revocation and suspension entries; other types and purposes are skipped.

    Raises ``StatusEntryError`` for an entry of a known type that cannot be read, so a verifier
    never takes a malformed entry for "no entry".
    """
    raw = vc.get("credentialStatus")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    entries: list[StatusEntry] = []
    for item in items:
        if not isinstance(item, dict):
            raise StatusEntryError("credentialStatus holds something that is not an object")
        kinds = item.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not STATUS_ENTRY_TYPES.intersection(k for k in kinds if isinstance(k, str)):
            continue
        purpose = _PURPOSES.get(str(item.get("statusPurpose", "")))
        if purpose is None:
            continue
        listed = item.get("statusListCredential")
        index = _index(item.get("statusListIndex"))
        entries.append(StatusEntry(purpose, index, listed if isinstance(listed, str) else None))
    return entries


def status_index(vc: dict[str, Any]) -> int | None:
    """The credential's bit on chain, or None for a legacy credential without an entry.

    Both lists use one index per credential, so a revocation and a suspension entry that name
    different indexes are refused.
    """
    indexes = {entry.index for entry in status_entries(vc)}
    if len(indexes) > 1:
        raise StatusEntryError("the revocation and suspension entries name different indexes")
    return indexes.pop() if indexes else None
