"""``RegistryReader``: views, calls and events of the registry; it can send nothing.

The verifier and the wallet hold only a reader, so they need no keystore, no transaction
manager and no journal. ``RegistryClient`` (``node.chain.registry``) adds the transactions.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from web3.contract.async_contract import AsyncContract
from web3.logs import DISCARD
from web3.types import TxReceipt

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.calls import codecs_of
from node.chain.client import ChainClient, map_chain_errors
from node.chain.reader_codec import StaticResult
from node.chain.reverts import RevertDecoder
from node.chain.types import (
    Accreditation,
    Batch,
    Conversion,
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

__all__ = ["RegistryReader", "as_plain"]

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


class RegistryReader:
    """Typed reads of one deployed ``CreditBankRegistry`` over a chain connection."""

    def __init__(
        self, client: ChainClient, address: Address, artifact: ContractArtifact | None = None
    ) -> None:
        self.client = client
        self.address = address
        self.artifact = artifact or load_artifact()
        self.decoder = RevertDecoder(self.artifact.abi)
        self._contract: tuple[object, AsyncContract] | None = None
        self._views = codecs_of(self.artifact.abi)
        self._static = {name: StaticResult.of(c.output_abi) for name, c in self._views.items()}

    def at(self, address: Address) -> RegistryReader:
        """A reader of another registry deployment (an earlier one), over the same connection."""
        return RegistryReader(self.client, address, self.artifact)

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
            answer = await self.client.request("eth_call", params)
        error = answer.get("error")
        if error is not None:
            raise self._call_error(fn, error)
        return self._result(fn, bytes.fromhex(str(answer["result"]).removeprefix("0x")))

    def _result(self, fn: str, raw: bytes) -> Any:
        """A view's result: static words read directly when plainly valid, else by eth-abi."""
        static = self._static.get(fn)
        if static is not None:
            done, value = static.decode(raw)
            if done:
                return value
        return self._views[fn].result(raw)

    async def read_many(self, calls: Sequence[tuple[str, tuple[Any, ...]]]) -> list[Any]:
        """Several views read in one JSON-RPC batch; each result, or the error of that read.

        A read the node refused comes back as its ``CreditBankError`` (the others still hold);
        a node that does not answer at all raises, as ``_read`` does.
        """
        requests = []
        for fn, args in calls:
            data = "0x" + self._views[fn].calldata(args).hex()
            requests.append(("eth_call", [{"to": self.address, "data": data}, "latest"]))
        with map_chain_errors(self.decoder):
            answers = await self.client.request_batch(requests)
        out: list[Any] = []
        for (fn, _), answer in zip(calls, answers, strict=True):
            error = answer.get("error")
            if error is not None or not isinstance(answer.get("result"), str):
                out.append(self._call_error(fn, error or "no result"))
                continue
            try:
                raw = bytes.fromhex(answer["result"].removeprefix("0x"))
                out.append(self._result(fn, raw))
            except Exception as exc:  # noqa: BLE001 - not this view's ABI encoding: that read fails
                out.append(TransactionError(f"node answered {fn} with {type(exc).__name__}"))
        return out

    def _call_error(self, fn: str, error: Any) -> CreditBankError:
        """A custom error decoded from revert data, or the node's refusal as it said it."""
        data = error.get("data") if isinstance(error, Mapping) else None
        if isinstance(data, str) and len(data) > 2:
            return self.decoder.decode(data)
        message = error.get("message") if isinstance(error, Mapping) else error
        return TransactionError(f"node refused {fn}: {message}")

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

    async def has_rejected(self, proposal_id: int, governor: str) -> bool:
        """Whether a governor rejected a proposal."""
        return bool(await self._read("hasRejected", proposal_id, governor))

    # -- accreditation ------------------------------------------------------------------
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
    async def index_status(self, issuer: str, index: int) -> CredentialStatus:
        """What an issuer account's lists say of one index (revoked wins over suspended)."""
        return CredentialStatus(int(await self._read("indexStatus", issuer, index)))

    async def status_word(self, issuer: str, purpose: StatusPurpose, word_index: int) -> int:
        """One 256-bit word of an issuer's list: bit i is index ``256 * word_index + i``."""
        return int(await self._read("statusWord", issuer, int(purpose), word_index))

    # -- conversions ----------------------------------------------------------------------
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
