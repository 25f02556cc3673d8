"""Typed mirrors of the registry's structs and enums, as the Python side sees them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from node.types import Address, Bytes32

__all__ = [
    "AccreditationStatus",
    "Accreditation",
    "AnchorReceipt",
    "Batch",
    "Conversion",
    "ConversionSource",
    "CredentialState",
    "CredentialStatus",
    "Document",
    "DocumentKind",
    "Proposal",
    "Scope",
    "StatusPurpose",
    "did_hash",
    "outcome_id",
    "outcome_key",
]

_ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


class AccreditationStatus(IntEnum):
    """Where an accreditation entry stands."""

    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    WITHDRAWN = 3


class CredentialStatus(IntEnum):
    """The ledger's word on one credential."""

    ACTIVE = 0
    SUSPENDED = 1
    REVOKED = 2


class StatusPurpose(IntEnum):
    """The two bitstring status lists every issuer account owns on chain."""

    REVOCATION = 0
    SUSPENSION = 1


class DocumentKind(IntEnum):
    """Kinds of public documents anchored by digest."""

    FRAMEWORK = 0
    CATALOG = 1
    RULE_SET = 2
    PROGRAMME = 3
    ISSUER_PROFILE = 4


@dataclass(frozen=True, slots=True)
class Scope:
    """What an accreditation covers: bitmasks of field and outcome-type ids, a level cap."""

    fields: int = 0
    outcome_types: int = 0
    max_level: int = 0
    can_convert: bool = False

    @classmethod
    def of(
        cls,
        fields: list[int] | tuple[int, ...] = (),
        outcome_types: list[int] | tuple[int, ...] = (),
        max_level: int = 0,
        can_convert: bool = False,
    ) -> Scope:
        """Build a scope from lists of ids rather than bitmasks."""
        return cls(_mask(fields), _mask(outcome_types), max_level, can_convert)

    def inside(self, other: Scope) -> bool:
        """Whether this scope is covered by ``other`` (the contract's rule)."""
        return (
            self.fields & ~other.fields == 0
            and self.outcome_types & ~other.outcome_types == 0
            and self.max_level <= other.max_level
            and (not self.can_convert or other.can_convert)
        )

    def to_abi(self) -> dict[str, Any]:
        """The struct as web3 takes it."""
        return {
            "fields": self.fields,
            "outcomeTypes": self.outcome_types,
            "maxLevel": self.max_level,
            "canConvert": self.can_convert,
        }

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Scope:
        """The struct as web3 returns it, by component name."""
        return cls(
            int(value["fields"]),
            int(value["outcomeTypes"]),
            int(value["maxLevel"]),
            bool(value["canConvert"]),
        )


def _mask(ids: list[int] | tuple[int, ...]) -> int:
    mask = 0
    for i in ids:
        if not 0 <= i < 256:
            raise ValueError(f"id {i} outside 0..255")
        mask |= 1 << i
    return mask


def did_hash(did: str) -> Bytes32:
    """How an accreditation binds an account to a DID: SHA-256 of the DID's UTF-8 text."""
    return Bytes32(hashlib.sha256(did.encode()).digest())


def outcome_id(credential_id: str) -> Bytes32:
    """A conversion source's outcome on chain: SHA-256 of its credential ``id``, UTF-8.

    The registry keys "converted once" on (anchoring account, outcome id), so the same credential
    signed again or anchored again (a new hash) cannot be converted twice into one programme.
    """
    return Bytes32(hashlib.sha256(credential_id.encode()).digest())


def outcome_key(credential: Mapping[str, Any]) -> Bytes32:
    """The outcome a credential certifies, as conversions key it on chain.

    A learner's achievement is one outcome however often it is certified: a correction or a
    second sitting is signed under a new credential ``id``, and keying on that id would let the
    same outcome be converted twice into one programme. So the key is the subject's ``id`` and
    the achievement's ``id`` (stable per catalog standard), as a JSON array, hashed. A credential
    without both falls back to its own ``id`` (``outcome_id``).
    """
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    learner = subject.get("id") if isinstance(subject, Mapping) else None
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    achieved = achievement.get("id") if isinstance(achievement, Mapping) else None
    if isinstance(learner, str) and learner and isinstance(achieved, str) and achieved:
        pair = json.dumps(["outcome", learner, achieved], separators=(",", ":"))
        return Bytes32(hashlib.sha256(pair.encode()).digest())
    return outcome_id(str(credential.get("id")))


#: ``statusIndex`` of a conversion source issued without a status list entry (uint256 max).
NO_STATUS_INDEX = 2**256 - 1


@dataclass(frozen=True, slots=True)
class ConversionSource:
    """One source of a conversion as the registry takes it: proved in its anchored batch."""

    root: Bytes32
    credential_hash: Bytes32
    outcome_id: Bytes32
    path: tuple[Bytes32, ...]
    status_index: int | None = None

    def to_abi(self) -> tuple[bytes, bytes, bytes, int, list[bytes]]:
        """The struct as web3 takes it, in ABI order."""
        index = NO_STATUS_INDEX if self.status_index is None else self.status_index
        return (self.root, self.credential_hash, self.outcome_id, index, list(self.path))


@dataclass(frozen=True, slots=True)
class Accreditation:
    """One entry of an account's accreditation history."""

    did_hash: Bytes32
    scope: Scope
    valid_from: int
    valid_until: int
    recorded_at: int
    status: AccreditationStatus
    is_branch: bool
    accreditor: Address

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Accreditation:
        """The struct as web3 returns it, by component name."""
        return cls(
            Bytes32(bytes(value["didHash"])),
            Scope.from_abi(value["scope"]),
            int(value["validFrom"]),
            int(value["validUntil"]),
            int(value["recordedAt"]),
            AccreditationStatus(value["status"]),
            bool(value["isBranch"]),
            value["accreditor"],
        )

    def covers(self, scope: Scope, at: int) -> bool:
        """Active, inside its validity window at ``at``, and wide enough for ``scope``."""
        return (
            self.status is AccreditationStatus.ACTIVE
            and self.valid_from <= at <= self.valid_until
            and scope.inside(self.scope)
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    """A governance action waiting for, or past, its quorum."""

    action_hash: Bytes32
    proposer: Address
    approvals: int
    executed: bool
    expires_at: int

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Proposal:
        """The struct as web3 returns it, by component name."""
        return cls(
            Bytes32(bytes(value["actionHash"])),
            value["proposer"],
            int(value["approvals"]),
            bool(value["executed"]),
            int(value["expiresAt"]),
        )


@dataclass(frozen=True, slots=True)
class Batch:
    """An anchored Merkle root: who anchored it, when, in which block."""

    issuer: Address
    anchored_at: int
    block_number: int

    @property
    def exists(self) -> bool:
        """Whether the root was anchored at all."""
        return self.issuer != _ZERO_ADDRESS

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Batch:
        """The struct as web3 returns it, by component name."""
        return cls(value["issuer"], int(value["anchoredAt"]), int(value["blockNumber"]))


@dataclass(frozen=True, slots=True)
class CredentialState:
    """Revocation or suspension of one credential hash."""

    status: CredentialStatus
    reason: int
    changed_at: int
    issuer: Address
    root: Bytes32

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> CredentialState:
        """The struct as web3 returns it, by component name."""
        return cls(
            CredentialStatus(value["status"]),
            int(value["reason"]),
            int(value["changedAt"]),
            value["issuer"],
            Bytes32(bytes(value["root"])),
        )


@dataclass(frozen=True, slots=True)
class Conversion:
    """An on-chain conversion record; ``credits`` are hundredths of a credit."""

    learner_commitment: Bytes32
    programme_id: Bytes32
    rule_set_digest: Bytes32
    #: SHA-256 of the evidence (presentation, decision, officer) the institution keeps off chain
    evidence_digest: Bytes32
    institution: Address
    credits: int
    recorded_at: int
    flagged: bool
    sources: tuple[Bytes32, ...]

    @property
    def exists(self) -> bool:
        """Whether the id was recorded at all."""
        return self.institution != _ZERO_ADDRESS

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Conversion:
        """The struct as web3 returns it, by component name."""
        return cls(
            Bytes32(bytes(value["learnerCommitment"])),
            Bytes32(bytes(value["programmeId"])),
            Bytes32(bytes(value["ruleSetDigest"])),
            Bytes32(bytes(value["evidenceDigest"])),
            value["institution"],
            int(value["credits"]),
            int(value["recordedAt"]),
            bool(value["flagged"]),
            tuple(Bytes32(bytes(s)) for s in value["sources"]),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A published document version: digest, CID and dates."""

    digest: Bytes32
    effective_from: int
    published_at: int
    cid: str

    @classmethod
    def from_abi(cls, value: dict[str, Any]) -> Document:
        """The struct as web3 returns it, by component name."""
        return cls(
            Bytes32(bytes(value["digest"])),
            int(value["effectiveFrom"]),
            int(value["publishedAt"]),
            str(value["cid"]),
        )


@dataclass(frozen=True, slots=True)
class AnchorReceipt:
    """Travels beside a credential: enough to check it against any consortium node."""

    chain_id: int
    registry: Address
    root: Bytes32
    credential_hash: Bytes32
    path: tuple[Bytes32, ...]
    tx_hash: str
    block_number: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The receipt as JSON, hex-encoded."""
        return {
            "type": "CreditBankAnchorReceipt",
            "chainId": self.chain_id,
            "registry": self.registry,
            "root": "0x" + self.root.hex(),
            "credentialHash": "0x" + self.credential_hash.hex(),
            "path": ["0x" + p.hex() for p in self.path],
            "transactionHash": self.tx_hash,
            "blockNumber": self.block_number,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> AnchorReceipt:
        """Parse a receipt; malformed input raises ``ValueError`` or ``KeyError``."""
        from node.types import to_bytes32

        return cls(
            int(value["chainId"]),
            value["registry"],
            to_bytes32(value["root"]),
            to_bytes32(value["credentialHash"]),
            tuple(to_bytes32(p) for p in value["path"]),
            str(value["transactionHash"]),
            int(value["blockNumber"]),
        )
