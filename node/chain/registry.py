"""``RegistryClient``: the only code that touches the registry's functions and events."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from eth_account.signers.local import LocalAccount
from web3.contract.async_contract import AsyncContract
from web3.logs import DISCARD
from web3.types import RPCEndpoint, TxReceipt

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.binding import bound_root
from node.chain.calls import codecs_of
from node.chain.client import ChainClient, map_chain_errors
from node.chain.reverts import RevertDecoder
from node.chain.txmanager import TxManager
from node.chain.types import (
    Accreditation,
    Batch,
    Conversion,
    ConversionSource,
    CredentialState,
    CredentialStatus,
    Document,
    DocumentKind,
    Proposal,
    Scope,
    StatusPurpose,
)
from node.errors import CreditBankError, TransactionError
from node.types import Address, Bytes32

__all__ = ["RegistryClient", "as_plain"]

logger = logging.getLogger(__name__)


def as_plain(value: Any) -> Any:
    """Turn web3's named tuples (``decode_tuples=True``) into plain dicts and lists."""
    if hasattr(value, "_asdict"):
        return {k: as_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, Mapping):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_plain(v) for v in value]
    return value


class RegistryClient:
    """Typed calls and transactions on one deployed ``CreditBankRegistry``."""

    def __init__(
        self,
        client: ChainClient,
        txm: TxManager,
        address: Address,
        artifact: ContractArtifact | None = None,
    ) -> None:
        self.client = client
        self.txm = txm
        self.address = address
        self.artifact = artifact or load_artifact()
        self.decoder = RevertDecoder(self.artifact.abi)
        self._contract: tuple[object, AsyncContract] | None = None
        self._views = codecs_of(self.artifact.abi)

    def at(self, address: Address) -> RegistryClient:
        """The same bindings on another registry deployment, over the same connection."""
        return RegistryClient(self.client, self.txm, address, self.artifact)

    def contract(self) -> AsyncContract:
        """The web3 contract on the node currently in use (it may change on failover).

        Built once per node connection: web3 takes milliseconds to build one from the ABI.
        """
        w3 = self.client.w3
        if self._contract is None or self._contract[0] is not w3:
            self._contract = (
                w3,
                w3.eth.contract(address=self.address, abi=self.artifact.abi, decode_tuples=True),
            )
        return self._contract[1]

    async def _read(self, fn: str, *args: Any) -> Any:
        """An ``eth_call`` of a view, encoded by its prebuilt codec (see ``chain.calls``)."""
        codec = self._views[fn]
        params = [{"to": self.address, "data": "0x" + codec.calldata(args).hex()}, "latest"]
        with map_chain_errors(self.decoder):
            answer = await self.client.call(
                lambda w3: w3.provider.make_request(RPCEndpoint("eth_call"), params)
            )
        error = answer.get("error")
        if error is not None:
            raise self._call_error(fn, error)
        return codec.result(bytes.fromhex(str(answer["result"]).removeprefix("0x")))

    def _call_error(self, fn: str, error: Any) -> CreditBankError:
        """A custom error decoded from revert data, or the node's refusal as it said it."""
        data = error.get("data") if isinstance(error, Mapping) else None
        if isinstance(data, str) and len(data) > 2:
            return self.decoder.decode(data)
        message = error.get("message") if isinstance(error, Mapping) else error
        return TransactionError(f"node refused {fn}: {message}")

    async def _write(
        self, account: LocalAccount, fn: str, *args: Any, key: str | None = None
    ) -> TxReceipt:
        call = getattr(self.contract().functions, fn)(*args)
        return await self.txm.send(account, call, key=key)

    def events(self, receipt: TxReceipt, name: str) -> list[dict[str, Any]]:
        """The decoded ``name`` events of this registry in a receipt."""
        event = getattr(self.contract().events, name)()
        return [
            as_plain(dict(log["args"])) for log in event.process_receipt(receipt, errors=DISCARD)
        ]

    # -- governance ---------------------------------------------------------------------
    async def quorum(self) -> int:
        """Approvals a governance action needs."""
        return int(await self._read("quorum"))

    async def governor_count(self) -> int:
        """How many governors there are."""
        return int(await self._read("governorCount"))

    async def is_governor(self, account: str) -> bool:
        """Whether the account is a governor."""
        return bool(await self._read("isGovernor", account))

    async def proposal(self, proposal_id: int) -> Proposal:
        """One proposal's state."""
        return Proposal.from_abi(await self._read("proposal", proposal_id))

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

    async def has_rejected(self, proposal_id: int, governor: str) -> bool:
        """Whether a governor rejected a proposal."""
        return bool(await self._read("hasRejected", proposal_id, governor))

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

    async def account_of_did(self, did_hash: Bytes32) -> Address:
        """The one account a DID hash is bound to (the zero address if none)."""
        account: Address = await self._read("accountOfDid", did_hash)
        return account

    async def accreditation_count(self, account: str) -> int:
        """How many history entries an account has."""
        return int(await self._read("accreditationCount", account))

    async def accreditation_history(self, account: str) -> list[Accreditation]:
        """Every entry of an account's history, oldest first."""
        count = await self.accreditation_count(account)
        return [
            Accreditation.from_abi(await self._read("accreditationEntry", account, i))
            for i in range(count)
        ]

    async def current_accreditation(self, account: str) -> Accreditation:
        """The latest entry (status NONE if the account was never accredited)."""
        return Accreditation.from_abi(await self._read("currentAccreditation", account))

    async def accreditation_at(self, account: str, timestamp: int) -> Accreditation:
        """The entry in force at a past moment."""
        return Accreditation.from_abi(await self._read("accreditationAt", account, timestamp))

    async def is_accredited_at(self, account: str, scope: Scope, timestamp: int) -> bool:
        """Whether the account was accredited for ``scope`` at ``timestamp``."""
        return bool(await self._read("isAccreditedAt", account, scope.to_abi(), timestamp))

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

    async def batch(self, root: Bytes32) -> Batch:
        """Who anchored a bound root and when (``exists`` is false for an unknown root)."""
        return Batch.from_abi(await self._read("batch", root))

    async def anchoring_transaction(self, root: Bytes32, block: int) -> str | None:
        """The hash of the transaction that anchored a bound root, from its event in ``block``.

        The answer when a batch turns out to be anchored already: after an outage the journal
        may no longer name the transaction that did it, but the chain's own log does.
        """

        async def read(_: Any) -> Any:
            event = self.contract().events.BatchAnchored()
            return await event.get_logs(
                argument_filters={"root": root}, from_block=block, to_block=block
            )

        with map_chain_errors(self.decoder):
            logs = await self.client.call(read)
        return "0x" + bytes(logs[0]["transactionHash"]).hex() if logs else None

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

    async def credential_state(self, issuer: str, credential_hash: Bytes32) -> CredentialState:
        """Active, suspended or revoked by an issuer account, under any root it anchored."""
        return CredentialState.from_abi(
            await self._read("credentialState", issuer, credential_hash)
        )

    async def verify_inclusion(
        self, root: Bytes32, credential_hash: Bytes32, path: Sequence[bytes]
    ) -> bool:
        """The contract's own check of a Merkle proof."""
        return bool(await self._read("verifyInclusion", root, credential_hash, list(path)))

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

    async def index_status(self, issuer: str, index: int) -> CredentialStatus:
        """What an issuer account's lists say of one index (revoked wins over suspended)."""
        return CredentialStatus(int(await self._read("indexStatus", issuer, index)))

    async def status_word(self, issuer: str, purpose: StatusPurpose, word_index: int) -> int:
        """One 256-bit word of an issuer's list: bit i is index ``256 * word_index + i``."""
        return int(await self._read("statusWord", issuer, int(purpose), word_index))

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

    async def conversion(self, conversion_id: Bytes32) -> Conversion:
        """One conversion record (``exists`` false if unknown)."""
        return Conversion.from_abi(await self._read("conversion", conversion_id))

    async def conversion_of(
        self, issuer: str, outcome: Bytes32, institution: str, programme_id: Bytes32
    ) -> Bytes32:
        """The conversion that used an outcome for an institution's programme, or zero bytes."""
        found = await self._read("conversionOf", issuer, outcome, institution, programme_id)
        return Bytes32(bytes(found))

    async def conversions_of_source(self, issuer: str, credential_hash: Bytes32) -> list[Bytes32]:
        """Every conversion built on a source credential anchored by an issuer account."""
        ids = await self._read("conversionsOfSource", issuer, credential_hash)
        return [Bytes32(bytes(i)) for i in ids]

    async def conversions_recorded(self, institution: str) -> list[dict[str, Any]]:
        """Every ``ConversionRecorded`` event of an institution, in chain order (plain args)."""
        return await self._logs("ConversionRecorded", {"institution": institution})

    async def _logs(self, name: str, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """Decoded events of this registry matching indexed ``filters``, from the first block."""

        async def read(_: Any) -> Any:
            event = getattr(self.contract().events, name)()
            return await event.get_logs(argument_filters=filters, from_block=0)

        with map_chain_errors(self.decoder):
            logs = await self.client.call(read)
        return [as_plain(dict(log["args"])) for log in logs]

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

    async def document(
        self, publisher: str, kind: DocumentKind, series_id: Bytes32, version: int
    ) -> Document:
        """One published version of a document."""
        return Document.from_abi(
            await self._read("document", publisher, int(kind), series_id, version)
        )

    async def latest_document_version(
        self, publisher: str, kind: DocumentKind, series_id: Bytes32
    ) -> int:
        """The newest version number (0 if none)."""
        return int(await self._read("latestDocumentVersion", publisher, int(kind), series_id))

    async def documents_published(self, publisher: str, kind: DocumentKind) -> list[dict[str, Any]]:
        """Every ``DocumentPublished`` event of a publisher and kind (digest, CID, version)."""
        return await self._logs("DocumentPublished", {"publisher": publisher, "kind": int(kind)})


def _index_key(indexes: Sequence[int]) -> str:
    """A short journal key for a set of indexes (a digest once the list grows long)."""
    text = ",".join(map(str, indexes))
    return text if len(text) <= 64 else hashlib.sha256(text.encode()).hexdigest()
