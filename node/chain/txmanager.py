"""Sending transactions safely: per-account nonces, a write-ahead journal, retries.

A transaction is signed, written to the journal, and only then broadcast. After a crash,
``resume()`` re-broadcasts the journalled bytes — the same nonce and hash — so an action is
never carried out twice; a caller that repeats a ``key`` gets the first outcome back.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from sqlalchemy import func, select
from web3 import AsyncWeb3
from web3.contract.async_contract import AsyncContractFunction
from web3.exceptions import TransactionNotFound, Web3RPCError
from web3.types import TxParams, TxReceipt

from node.chain.client import ChainClient, map_chain_errors
from node.chain.dialects import (
    SendOutcome,
    classify_send_error,
    is_pending_unsupported,
    is_unknown_receipt,
)
from node.chain.reverts import RevertDecoder
from node.errors import ContractRevertError, TransactionError
from node.storage import Database, TxRecord
from node.storage.locks import shared_lock

__all__ = ["ZERO_FEES", "TxManager"]

logger = logging.getLogger(__name__)

_GAS_MARGIN = 1.2


class TxManager:
    """Signs, journals, sends and confirms the transactions of local accounts."""

    def __init__(
        self,
        client: ChainClient,
        db: Database,
        decoder: RevertDecoder,
        *,
        confirmations: int = 1,
        timeout: float = 60.0,
        poll_interval: float = 0.02,
        zero_fees: bool = False,
    ) -> None:
        self.client = client
        self.db = db
        self.decoder = decoder
        self.confirmations = confirmations
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.zero_fees = zero_fees
        self._locks: dict[str, asyncio.Lock] = {}
        self._next_nonce: dict[str, int] = {}

    async def send(
        self,
        account: LocalAccount,
        call: AsyncContractFunction | TxParams,
        *,
        key: str | None = None,
    ) -> TxReceipt:
        """Carry out ``call`` once; a repeated ``key`` returns the first transaction's receipt."""
        if key is not None:
            previous = await self._journal_by_key(key)
            if previous is not None and previous.status != "dropped":
                logger.info("tx %s already journalled as %s", key, previous.status)
                return await self._finish(previous.tx_hash, previous.raw_tx, previous.key)
        tx_hash, raw, record_key = await self._sign_and_send(account, call, key)
        return await self._finish(tx_hash, raw, record_key)

    async def resume(self) -> int:
        """Re-broadcast every journalled transaction not yet mined; returns how many."""
        async with self.db.session() as session:
            rows = (
                await session.scalars(
                    select(TxRecord).where(
                        TxRecord.status == "sent", TxRecord.chain_id == self.client.chain_id
                    )
                )
            ).all()
        for row in rows:
            try:
                if await self._receipt(row.tx_hash) is None:
                    await self._rebroadcast(row.tx_hash, row.raw_tx)
                await self._finish(row.tx_hash, row.raw_tx, row.key)
            except _NonceTaken:
                await self._journal_status(row.tx_hash, "dropped", rename=True)
                logger.warning("journalled tx %s was superseded; its caller may retry", row.tx_hash)
            except ContractRevertError:
                logger.warning("resumed tx %s reverted", row.tx_hash)
            except TransactionError as exc:  # one stuck row must not hold up the others
                logger.warning("resumed tx %s not settled: %s", row.tx_hash, exc.detail)
        return len(rows)

    async def _rebroadcast(self, tx_hash: str, raw: str) -> None:
        """Send a journalled transaction again; its nonce being used is only news if not by it.

        The transaction may be mined between the look for its receipt and the re-send, and
        then the node says its nonce is taken: by this very transaction, which is no reason
        to give its journal entry up.
        """
        try:
            await self._broadcast(raw)
        except _NonceTaken:
            if await self._receipt(tx_hash) is None:
                raise

    def forget_nonces(self) -> None:
        """Re-read nonces from the chain next time (after a reorganisation or outside use)."""
        self._next_nonce.clear()

    def _lock(self, address: str) -> asyncio.Lock:
        return self._locks.setdefault(address, asyncio.Lock())

    async def _sign_and_send(
        self, account: LocalAccount, call: AsyncContractFunction | TxParams, key: str | None
    ) -> tuple[str, str, str]:
        """Under the account's lock: take a nonce, sign, journal, broadcast.

        The lock is held in the database too, so workers in other processes sharing it take
        turns; one of them may have sent this ``key`` meanwhile, and then that is the answer.
        """
        address = account.address
        sender = f"sender:{self.client.chain_id}:{address}"
        async with self._lock(address), shared_lock(self.db, sender):
            if key is not None:
                earlier = await self._journal_by_key(key)
                if earlier is not None and earlier.status != "dropped":
                    return earlier.tx_hash, earlier.raw_tx, earlier.key
            for attempt in range(2):
                nonce = await self._nonce(address, refresh=attempt > 0)
                tx = await self._build(account, call, nonce)
                signed = account.sign_transaction(cast(dict[str, Any], tx))
                tx_hash = "0x" + bytes(signed.hash).hex()
                raw = "0x" + bytes(signed.raw_transaction).hex()
                record_key = key or f"tx:{tx_hash}"
                await self._journal_write(record_key, address, nonce, tx_hash, raw)
                try:
                    await self._broadcast(raw)
                except _NonceTaken:
                    await self._journal_status(tx_hash, "dropped", rename=True)
                    logger.warning("nonce %d of %s was taken; re-reading it", nonce, address)
                    continue
                self._next_nonce[address] = nonce + 1
                return tx_hash, raw, record_key
        raise TransactionError(f"could not find a free nonce for {address}")

    async def _nonce(self, address: str, *, refresh: bool) -> int:
        if refresh or address not in self._next_nonce:
            on_chain = await self._transaction_count(address)
            self._next_nonce[address] = max(on_chain, self._next_nonce.get(address, 0))
            if refresh:
                self._next_nonce[address] = on_chain
        # other workers' transactions from this account are in the shared journal
        journalled = await self._journal_next_nonce(address)
        self._next_nonce[address] = max(self._next_nonce[address], journalled)
        return self._next_nonce[address]

    async def _journal_next_nonce(self, address: str) -> int:
        """One past the highest nonce any process journalled for this account still in flight.

        Mined transactions are left to the chain's own count: after a reorganisation the chain
        is right and an orphaned record's nonce is free again.
        """
        async with self.db.session() as session:
            top = await session.scalar(
                select(func.max(TxRecord.nonce)).where(
                    TxRecord.chain_id == self.client.chain_id,
                    TxRecord.sender == address,
                    TxRecord.status == "sent",
                )
            )
        return 0 if top is None else int(top) + 1

    async def _transaction_count(self, address: str) -> int:
        """Nonces in use, pool included; nodes without a ``pending`` tag give the mined count.

        The journal still holds our own unmined transactions, so nothing is reused.
        """
        try:
            count: int = await self.client.call(
                lambda w3: w3.eth.get_transaction_count(cast(Any, address), "pending")
            )
        except Web3RPCError as exc:
            if not is_pending_unsupported(_message(exc)):
                raise
            count = await self.client.call(
                lambda w3: w3.eth.get_transaction_count(cast(Any, address), "latest")
            )
        return count

    async def _build(
        self, account: LocalAccount, call: AsyncContractFunction | TxParams, nonce: int
    ) -> TxParams:
        """Fill in nonce, fees and gas; a call that would revert raises its decoded error here."""
        fees = await self._fee_fields()
        base: dict[str, Any] = {
            "from": account.address,
            "nonce": nonce,
            "chainId": self.client.chain_id,
            **fees,
        }
        with map_chain_errors(self.decoder):
            if isinstance(call, AsyncContractFunction):
                built = await self.client.call(lambda _w3: call.build_transaction(cast(Any, base)))
            else:
                built = cast(TxParams, {**call, **base})
                if "gas" not in built:
                    gas = await self.client.call(lambda w3: w3.eth.estimate_gas(built))
                    built["gas"] = gas
        built["gas"] = int(built["gas"] * _GAS_MARGIN)
        return built

    async def _fee_fields(self) -> dict[str, int]:
        """Zero fees on a free-gas network (no node call at all), else the node's market fees."""
        if self.zero_fees:
            return dict(ZERO_FEES)
        fees: dict[str, int] = await self.client.call(_fees)
        return fees

    async def _broadcast(self, raw: str) -> None:
        """Send raw bytes; a known transaction is success, a used nonce is reported.

        Which texts mean which is the dialect table's business (``node.chain.dialects``).
        """
        try:
            await self.client.call(lambda w3: w3.eth.send_raw_transaction(HexBytes(raw)))
        except Web3RPCError as exc:
            outcome = classify_send_error(_message(exc))
            if outcome is SendOutcome.KNOWN:
                return
            if outcome is SendOutcome.NONCE_TAKEN:
                raise _NonceTaken from exc
            raise TransactionError(f"node refused the transaction: {exc.message}") from exc

    async def _finish(self, tx_hash: str, raw: str, key: str) -> TxReceipt:
        """Wait for the receipt (re-broadcasting if the node forgot it) and settle the journal."""
        receipt = await self._wait(tx_hash, raw)
        if receipt["status"] != 1:
            await self._journal_status(tx_hash, "failed", block=receipt["blockNumber"])
            raise await self._revert_reason(tx_hash, receipt)
        await self._journal_status(tx_hash, "mined", block=receipt["blockNumber"])
        logger.info("tx %s (%s) mined in block %d", tx_hash, key, receipt["blockNumber"])
        return receipt

    async def _wait(self, tx_hash: str, raw: str) -> TxReceipt:
        deadline = time.monotonic() + self.timeout
        rebroadcast_at = time.monotonic() + 2.0
        while True:
            receipt = await self._receipt(tx_hash)
            if receipt is not None:
                head = await self.client.call(lambda w3: w3.eth.block_number)
                if head - receipt["blockNumber"] + 1 >= self.confirmations:
                    return receipt
            elif time.monotonic() >= rebroadcast_at:
                try:
                    await self._broadcast(raw)
                except _NonceTaken:
                    if await self._receipt(tx_hash) is None:
                        await self._journal_status(tx_hash, "dropped", rename=True)
                        raise TransactionError(f"transaction {tx_hash} was replaced") from None
                rebroadcast_at = time.monotonic() + 2.0
            if time.monotonic() >= deadline:
                raise TransactionError(f"transaction {tx_hash} not confirmed in {self.timeout}s")
            await asyncio.sleep(self.poll_interval)

    async def _receipt(self, tx_hash: str) -> TxReceipt | None:
        try:
            return await self.client.call(
                lambda w3: w3.eth.get_transaction_receipt(HexBytes(tx_hash))
            )
        except TransactionNotFound:
            return None
        except Web3RPCError as exc:  # some clients answer an unknown hash with an error
            if is_unknown_receipt(_message(exc)):
                return None
            raise

    async def _revert_reason(self, tx_hash: str, receipt: TxReceipt) -> ContractRevertError:
        """Replay a failed transaction as a call at its block to recover the custom error."""
        tx = await self.client.call(lambda w3: w3.eth.get_transaction(HexBytes(tx_hash)))
        fields = cast(dict[str, Any], tx)
        replay = {k: fields[k] for k in ("from", "to", "data", "value") if k in fields}
        if "input" in fields and "data" not in replay:
            replay["data"] = fields["input"]
        try:
            with map_chain_errors(self.decoder):
                await self.client.call(
                    lambda w3: w3.eth.call(cast(Any, replay), receipt["blockNumber"] - 1)
                )
        except ContractRevertError as exc:
            return exc
        return ContractRevertError(f"transaction {tx_hash} reverted (out of gas or ordering)")

    async def _journal_by_key(self, key: str) -> TxRecord | None:
        async with self.db.session() as session:
            return cast(
                TxRecord | None,
                await session.scalar(select(TxRecord).where(TxRecord.key == key)),
            )

    async def _journal_write(
        self, key: str, sender: str, nonce: int, tx_hash: str, raw: str
    ) -> None:
        async with self.db.session() as session:
            session.add(
                TxRecord(
                    key=key,
                    chain_id=self.client.chain_id,
                    sender=sender,
                    nonce=nonce,
                    tx_hash=tx_hash,
                    raw_tx=raw,
                    status="sent",
                )
            )

    async def _journal_status(
        self, tx_hash: str, status: str, *, block: int | None = None, rename: bool = False
    ) -> None:
        """Record an outcome; a dropped record gives up its key and nonce for a new attempt."""
        async with self.db.session() as session:
            row = await session.scalar(select(TxRecord).where(TxRecord.tx_hash == tx_hash))
            if row is None:
                return
            row.status = status
            row.block_number = block
            if rename:
                row.key = f"dropped:{tx_hash}"


def _message(exc: Web3RPCError) -> str:
    """The node's own error text (web3 keeps it in ``message``)."""
    return str(exc.message or exc)


class _NonceTaken(Exception):
    """The node already has a transaction with this nonce from this account."""


#: A free-gas network (Besu ``zeroBaseFee`` with ``--min-gas-price=0``): unfunded accounts send.
ZERO_FEES: dict[str, int] = {"type": 2, "maxFeePerGas": 0, "maxPriorityFeePerGas": 0}


async def _fees(w3: AsyncWeb3[Any]) -> dict[str, int]:
    """EIP-1559 fees when the chain has a base fee, a legacy gas price otherwise."""
    block = await w3.eth.get_block("latest")
    base_fee = block.get("baseFeePerGas")
    if base_fee is None:
        return {"gasPrice": await w3.eth.gas_price}
    tip: int
    try:
        with warnings.catch_warnings():  # web3 warns before falling back to eth_feeHistory
            warnings.simplefilter("ignore", UserWarning)
            tip = await w3.eth.max_priority_fee
    except Web3RPCError:  # nodes without a fee oracle (ethereumjs): a fixed 1 gwei tip
        tip = 10**9
    return {"type": 2, "maxFeePerGas": 2 * base_fee + tip, "maxPriorityFeePerGas": tip}
