"""``RegistryClient``: the registry's transactions, on top of its reads (``RegistryReader``).

Only services that hold accounts build one (issuer, conversion desk, governance); it needs a
transaction manager, and through it the journal.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

from eth_account.signers.local import LocalAccount
from web3.types import TxReceipt

from node.chain.artifacts import ContractArtifact
from node.chain.binding import bound_root
from node.chain.client import ChainClient
from node.chain.reader import RegistryReader, as_plain
from node.chain.txmanager import TxManager
from node.chain.types import ConversionSource, DocumentKind, Scope
from node.types import Address, Bytes32

__all__ = ["RegistryClient", "as_plain"]

logger = logging.getLogger(__name__)


class RegistryClient(RegistryReader):
    """Typed transactions (and, inherited, reads) on one deployed ``CreditBankRegistry``."""

    def __init__(
        self,
        client: ChainClient,
        txm: TxManager,
        address: Address,
        artifact: ContractArtifact | None = None,
    ) -> None:
        super().__init__(client, address, artifact)
        self.txm = txm

    async def _write(
        self, account: LocalAccount, fn: str, *args: Any, key: str | None = None
    ) -> TxReceipt:
        call = getattr(self.contract().functions, fn)(*args)
        return await self.txm.send(account, call, key=key)

    # -- governance ---------------------------------------------------------------------
    def encode_action(self, fn: str, *args: Any) -> bytes:
        """Calldata of a governance-only function, to put in a proposal."""
        encoded = self.contract().encode_abi(fn, args=list(args))
        return bytes.fromhex(str(encoded).removeprefix("0x"))

    def action_accredit(
        self,
        account: str,
        did_hash: bytes,
        scope: Scope,
        valid_from: int,
        valid_until: int,
        *,
        is_branch: bool = False,
    ) -> bytes:
        """Proposal calldata accrediting an issuer or a branch centre."""
        return self.encode_action(
            "accredit", account, did_hash, scope.to_abi(), valid_from, valid_until, is_branch
        )

    async def propose(
        self, governor: LocalAccount, action: bytes, *, key: str | None = None
    ) -> tuple[int, bool]:
        """Open a proposal (the proposer's approval counts); returns its id and if it ran."""
        receipt = await self._write(governor, "propose", action, key=key)
        proposal_id = int(self.events(receipt, "ProposalCreated")[0]["proposalId"])
        return proposal_id, bool(self.events(receipt, "ProposalExecuted"))

    async def approve(self, governor: LocalAccount, proposal_id: int) -> bool:
        """Approve a proposal; returns whether this approval carried it out."""
        receipt = await self._write(governor, "approve", proposal_id)
        return bool(self.events(receipt, "ProposalExecuted"))

    async def reject(self, governor: LocalAccount, proposal_id: int) -> bool:
        """Reject a proposal; returns whether this rejection defeated it for good."""
        receipt = await self._write(governor, "reject", proposal_id)
        return bool(self.events(receipt, "ProposalDefeated"))

    async def govern(
        self, governors: Sequence[LocalAccount], action: bytes, *, key: str | None = None
    ) -> int:
        """Propose with the first governor and approve with the next until the quorum is met."""
        proposal_id, executed = await self.propose(governors[0], action, key=key)
        for governor in governors[1:]:
            if executed:
                break
            executed = await self.approve(governor, proposal_id)
        if not executed:
            logger.info("proposal %d waits for more approvals", proposal_id)
        return proposal_id

    # -- accreditation ------------------------------------------------------------------
    async def accredit_by_branch(
        self,
        branch: LocalAccount,
        issuer: str,
        did_hash: bytes,
        scope: Scope,
        valid_from: int,
        valid_until: int,
    ) -> TxReceipt:
        """A branch centre accredits an issuer inside its own scope."""
        return await self._write(
            branch, "accreditByBranch", issuer, did_hash, scope.to_abi(), valid_from, valid_until
        )

    async def branch_action(self, branch: LocalAccount, action: str, issuer: str) -> TxReceipt:
        """``suspend``, ``reinstate`` or ``withdraw`` an issuer the branch accredited."""
        if action not in {"suspend", "reinstate", "withdraw"}:
            raise ValueError(f"unknown branch action {action!r}")
        return await self._write(branch, f"{action}ByBranch", issuer)

    # -- anchoring and revocation -------------------------------------------------------
    async def anchor_batch(
        self, issuer: LocalAccount, tree_root: Bytes32, count: int, scope: Scope
    ) -> TxReceipt:
        """Anchor a tree root; the registry records it under ``bound_root(tree_root, issuer)``.

        Keyed by the bound root, so repeating the call never anchors twice.
        """
        root = bound_root(tree_root, issuer.address)
        return await self._write(
            issuer, "anchorBatch", tree_root, count, scope.to_abi(), key=f"anchor:0x{root.hex()}"
        )

    async def revoke(
        self,
        issuer: LocalAccount,
        root: Bytes32,
        credential_hash: Bytes32,
        path: Sequence[bytes],
        reason: int,
    ) -> TxReceipt:
        """Revoke one credential for good."""
        return await self._write(
            issuer, "revoke", root, credential_hash, list(path), reason,
            key=f"revoke:0x{credential_hash.hex()}",
        )  # fmt: skip

    async def revoke_many(
        self,
        issuer: LocalAccount,
        root: Bytes32,
        items: Sequence[tuple[Bytes32, Sequence[bytes]]],
        reason: int,
    ) -> TxReceipt:
        """Revoke several credentials of one batch in one transaction."""
        hashes = [h for h, _ in items]
        paths = [list(p) for _, p in items]
        return await self._write(issuer, "revokeMany", root, hashes, paths, reason)

    async def suspend(
        self,
        issuer: LocalAccount,
        root: Bytes32,
        credential_hash: Bytes32,
        path: Sequence[bytes],
        reason: int,
    ) -> TxReceipt:
        """Suspend a credential until the suspension is lifted."""
        return await self._write(issuer, "suspend", root, credential_hash, list(path), reason)

    async def lift_suspension(self, issuer: LocalAccount, credential_hash: Bytes32) -> TxReceipt:
        """Lift a suspension the issuer imposed on a credential hash."""
        return await self._write(issuer, "liftSuspension", credential_hash)

    # -- status lists (bits keyed by issuer account and word) ----------------------------
    async def revoke_indexes(
        self, issuer: LocalAccount, indexes: Sequence[int], reason: int
    ) -> TxReceipt:
        """Revoke status list indexes of the issuer's own list; one index uses the cheaper call.

        Keyed by the sorted indexes, so re-sending after a crash never revokes twice.
        """
        ordered = sorted(indexes)
        key = f"revoke-indexes:{issuer.address}:{_index_key(ordered)}"
        if len(ordered) == 1:
            return await self._write(issuer, "revokeIndex", ordered[0], reason, key=key)
        return await self._write(issuer, "revokeIndexes", ordered, reason, key=key)

    async def suspend_indexes(
        self, issuer: LocalAccount, indexes: Sequence[int], reason: int
    ) -> TxReceipt:
        """Suspend status list indexes of the issuer's own list until lifted."""
        return await self._write(issuer, "suspendIndexes", sorted(indexes), reason)

    async def lift_index_suspensions(
        self, issuer: LocalAccount, indexes: Sequence[int]
    ) -> TxReceipt:
        """Lift suspensions in the issuer's own list (a revoked index stays revoked)."""
        return await self._write(issuer, "liftIndexSuspensions", sorted(indexes))

    # -- conversions ----------------------------------------------------------------------
    async def record_conversion(
        self,
        institution: LocalAccount,
        conversion_id: Bytes32,
        learner_commitment: Bytes32,
        sources: Sequence[ConversionSource],
        programme_id: Bytes32,
        credits: int,
        rule_set_digest: Bytes32,
        evidence_digest: Bytes32,
    ) -> TxReceipt:
        """Record a conversion of proved sources; each outcome converts once per programme.

        ``evidence_digest`` is SHA-256 of the evidence kept off chain, for a later audit.
        """
        return await self._write(
            institution, "recordConversion", conversion_id, learner_commitment,
            [s.to_abi() for s in sources], programme_id, credits, rule_set_digest,
            evidence_digest, key=f"conversion:0x{conversion_id.hex()}",
        )  # fmt: skip

    # -- documents ------------------------------------------------------------------------
    async def publish_document(
        self,
        publisher: LocalAccount,
        kind: DocumentKind,
        series_id: Bytes32,
        version: int,
        digest: Bytes32,
        cid: str,
        effective_from: int,
    ) -> TxReceipt:
        """Anchor a public document's version by digest and CID."""
        key = (
            f"document:{publisher.address}:{int(kind)}:0x{series_id.hex()}:{version}:{digest.hex()}"
        )
        return await self._write(
            publisher, "publishDocument", int(kind), series_id, version, digest, cid,
            effective_from, key=key,
        )  # fmt: skip


def _index_key(indexes: Sequence[int]) -> str:
    """A short journal key for a set of indexes (a digest once the list grows long)."""
    text = ",".join(map(str, indexes))
    return text if len(text) <= 64 else hashlib.sha256(text.encode()).hexdigest()
