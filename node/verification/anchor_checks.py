"""Checks against the ledger: receipt, issuer binding, accreditation scope, revocation.

A node that does not answer makes a check ``could-not-check`` with the node named; it never
passes. Anything the chain says that contradicts the credential makes it ``failed``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from node.chain import (
    Accreditation,
    AccreditationStatus,
    AnchorReceipt,
    Batch,
    CredentialState,
    CredentialStatus,
    Scope,
    did_hash,
)
from node.chain.status import StatusEntryError, status_index
from node.documents import DocumentEntryNotFoundError, QualificationFramework
from node.errors import ChainError
from node.merkle import verify_inclusion
from node.types import Bytes32
from node.verification.chainview import ChainView
from node.verification.report import Check, CredentialStatusName
from node.verification.summary import subject_of

__all__ = [
    "Anchor",
    "check_accreditation",
    "check_issuer_binding",
    "check_receipt",
    "check_status",
    "credential_scope",
]

T = TypeVar("T")

_NEEDS_RECEIPT = "not checked: the anchor receipt did not hold"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A receipt that held, and the batch the chain records for its root."""

    receipt: AnchorReceipt
    batch: Batch


class _Unreadable(Exception):
    """The chain could not be read; carries the could-not-check reason."""


async def _read(view: ChainView, call: Callable[[], Awaitable[T]]) -> T:
    """Run a registry read, turning a ledger failure into a reason that names the node."""
    try:
        return await call()
    except ChainError as exc:
        raise _Unreadable(f"chain node {view.node} could not be read: {exc.detail}") from exc


def _when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _parse_receipt(receipt: object) -> AnchorReceipt | str:
    """The parsed receipt, or why it cannot be read."""
    if receipt is None:
        return "no anchor receipt: nothing shows the credential was ever anchored"
    if not isinstance(receipt, dict):
        return "the anchor receipt is not a JSON object"
    try:
        parsed = AnchorReceipt.from_json(receipt)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        return f"the anchor receipt is malformed ({type(exc).__name__}: {exc})"
    if not isinstance(parsed.registry, str) or receipt.get("type") not in (
        None,
        "CreditBankAnchorReceipt",
    ):
        return "the anchor receipt is malformed (type or registry)"
    return parsed


async def check_receipt(
    view: ChainView, credential_hash: Bytes32 | None, receipt: object
) -> tuple[Check, Anchor | None]:
    """The receipt names this credential, its path leads to its root, the root is on chain."""
    name = "receipt"
    if credential_hash is None:
        return Check.could_not(name, "not checked: the credential cannot be hashed"), None
    parsed = _parse_receipt(receipt)
    if isinstance(parsed, str):
        return Check.failed(name, parsed), None
    if parsed.chain_id != view.chain_id:
        return Check.failed(
            name, f"the receipt is for chain {parsed.chain_id}; this verifier reads {view.chain_id}"
        ), None
    if parsed.registry.lower() != view.address.lower():
        return Check.failed(
            name, f"the receipt names registry {parsed.registry}, not {view.address}"
        ), None
    if parsed.credential_hash != credential_hash:
        return Check.failed(
            name,
            "the receipt is for another credential (its credentialHash is not the hash of "
            "this credential)",
        ), None
    if not verify_inclusion(parsed.root, parsed.credential_hash, parsed.path):
        return Check.failed(name, "the Merkle path does not lead to the receipt's root"), None
    try:
        batch = await _read(view, lambda: view.batch(parsed.root))
    except _Unreadable as exc:
        return Check.could_not(name, str(exc)), None
    if not batch.exists:
        return Check.failed(name, f"root 0x{parsed.root.hex()} was never anchored"), None
    if batch.block_number != parsed.block_number:
        return Check.failed(
            name,
            f"the receipt says block {parsed.block_number}, the chain says {batch.block_number}",
        ), None
    reason = (
        f"anchored in block {batch.block_number} on {_when(batch.anchored_at)} by {batch.issuer}"
    )
    return Check.passed(name, reason), Anchor(parsed, batch)


def _entry_problem(entry: Accreditation, at: int) -> str | None:
    """Why an accreditation entry was not in force at a moment, or None."""
    if entry.status is AccreditationStatus.NONE:
        return "had no accreditation"
    if entry.status is not AccreditationStatus.ACTIVE:
        return f"was {entry.status.name.lower()}"
    if not entry.valid_from <= at <= entry.valid_until:
        return f"was accredited only from {_when(entry.valid_from)} to {_when(entry.valid_until)}"
    return None


async def check_issuer_binding(view: ChainView, anchor: Anchor | None, issuer: str | None) -> Check:
    """The anchoring account's accreditation names this issuer's DID (by SHA-256)."""
    name = "issuer-binding"
    if anchor is None:
        return Check.could_not(name, _NEEDS_RECEIPT)
    if issuer is None:
        return Check.failed(name, "the credential names no issuer")
    account, at = anchor.batch.issuer, anchor.batch.anchored_at
    try:
        entry = await _read(view, lambda: view.accreditation_at(account, at))
    except _Unreadable as exc:
        return Check.could_not(name, str(exc))
    if entry.status is AccreditationStatus.NONE:
        return Check.failed(name, f"account {account} had no accreditation when it anchored")
    if entry.did_hash != did_hash(issuer):
        return Check.failed(
            name,
            f"account {account} that anchored the batch is accredited for another DID, "
            f"not {issuer}",
        )
    return Check.passed(name, f"{issuer} is the DID accredited to account {account}")


#: The achievement's terms that claim an outcome of the qualification framework.
_OUTCOME_TERMS = ("fieldOfStudyCode", "outcomeType", "qualificationLevel")


def credential_scope(
    vc: dict[str, Any], framework: QualificationFramework
) -> tuple[Scope, str] | str:
    """The scope an issuer needs for this credential and its description, or why not.

    A credential that claims no outcome of the framework (no achievement, or one naming none of
    its field, type and level) is a generic one an accredited centre may sign: it needs an
    accreditation in force, of any scope, and it never earns credits (``credits.classify``).
    """
    subject = subject_of(vc)
    achievement = subject.get("achievement") if subject else None
    if not isinstance(achievement, dict) or not any(k in achievement for k in _OUTCOME_TERMS):
        return Scope(), "no outcome of the framework (a generic credential, earning no credits)"
    field = achievement.get("fieldOfStudyCode")
    kind = achievement.get("outcomeType")
    level = achievement.get("qualificationLevel")
    if not isinstance(field, str) or not isinstance(kind, str):
        return "the achievement names no fieldOfStudyCode or outcomeType"
    if not isinstance(level, int) or isinstance(level, bool):
        return "the achievement names no qualificationLevel"
    try:
        return framework.scope_bits(field, kind, level), f"{field}, {kind}, level {level}"
    except DocumentEntryNotFoundError as exc:
        return f"the achievement is outside the qualification framework: {exc.detail}"


async def check_accreditation(
    view: ChainView,
    anchor: Anchor | None,
    vc: dict[str, Any] | None,
    framework: QualificationFramework,
) -> Check:
    """The anchoring account was accredited for this credential's scope when it anchored."""
    name = "accreditation"
    if anchor is None:
        return Check.could_not(name, _NEEDS_RECEIPT)
    if vc is None:
        return Check.could_not(name, "not checked: the credential is not a JSON object")
    needed = credential_scope(vc, framework)
    if isinstance(needed, str):
        return Check.failed(name, needed)
    scope, what = needed
    account, at = anchor.batch.issuer, anchor.batch.anchored_at
    try:
        covered, entry = await _read(view, lambda: _both(view, account, scope, at))
    except _Unreadable as exc:
        return Check.could_not(name, str(exc))
    if covered:
        return Check.passed(name, f"{account} was accredited for {what} on {_when(at)}")
    problem = _entry_problem(entry, at) or "was accredited, but not for this scope"
    return Check.failed(name, f"when it anchored ({_when(at)}), {account} {problem} ({what})")


async def _both(view: ChainView, account: str, scope: Scope, at: int) -> tuple[bool, Accreditation]:
    """The registry's verdict and the entry in force (both cached once settled)."""
    return await view.is_accredited_at(account, scope, at), await view.accreditation_at(account, at)


async def check_status(
    view: ChainView, anchor: Anchor | None, vc: dict[str, Any] | None = None
) -> tuple[Check, CredentialStatusName]:
    """Neither revoked nor suspended, as the chain says now.

    Two records are read: the status bit at the credential's status list index in the lists of
    the account that anchored it (credentials with a ``BitstringStatusListEntry``), and the
    per-hash state that legacy credentials (issued without an entry) are revoked through.
    Either one revoking or suspending the credential fails the check.
    """
    name = "status"
    if anchor is None:
        return Check.could_not(name, _NEEDS_RECEIPT), "unknown"
    try:
        index = status_index(vc) if vc is not None else None
    except StatusEntryError as exc:
        return Check.failed(name, f"the credential status entry is malformed: {exc.detail}"), (
            "unknown"
        )
    leaf, account = anchor.receipt.credential_hash, anchor.batch.issuer
    try:
        state, bit = await _read(view, lambda: _statuses(view, leaf, account, index))
    except _Unreadable as exc:
        return Check.could_not(name, str(exc)), "unknown"
    where = f"status list index {index} of {account}"
    if state.status is CredentialStatus.REVOKED:
        return Check.failed(
            name, f"revoked (reason {state.reason}) on {_when(state.changed_at)}"
        ), "revoked"
    if bit is CredentialStatus.REVOKED:
        return Check.failed(name, f"revoked ({where})"), "revoked"
    if state.status is CredentialStatus.SUSPENDED:
        return Check.failed(
            name, f"suspended (reason {state.reason}) since {_when(state.changed_at)}"
        ), "suspended"
    if bit is CredentialStatus.SUSPENDED:
        return Check.failed(name, f"suspended ({where})"), "suspended"
    if index is None:
        return Check.passed(name, "not revoked, not suspended"), "active"
    return Check.passed(name, f"not revoked, not suspended ({where})"), "active"


async def _statuses(
    view: ChainView, leaf: Bytes32, account: str, index: int | None
) -> tuple[CredentialState, CredentialStatus | None]:
    """The per-hash state and, for a credential with an index, its bit; read concurrently.

    Both are the anchoring account's: one account per DID, and the issuer-binding check makes
    sure it is the credential issuer's, so its word holds under every root it anchored.
    """
    if index is None:
        return await view.credential_state(account, leaf), None
    state, bit = await asyncio.gather(
        view.credential_state(account, leaf), view.index_status(account, index)
    )
    return state, bit
