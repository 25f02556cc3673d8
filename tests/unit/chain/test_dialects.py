"""The dialect table: every recorded client message classifies as its client meant it."""

from __future__ import annotations

from pathlib import Path

import pytest

from node.chain import ChainClient, RevertDecoder, load_artifact
from node.chain.dialects import (
    KNOWN,
    MESSAGES,
    NONCE_TAKEN,
    PENDING_UNSUPPORTED,
    UNKNOWN_RECEIPT,
    SendOutcome,
    classify_send_error,
    is_pending_unsupported,
    is_unknown_receipt,
)
from node.chain.txmanager import ZERO_FEES, TxManager
from node.storage import Database

# Whole messages as each client sends them (the table holds the distinctive part).
RECORDED_SEND_ERRORS = [
    ("Known transaction", SendOutcome.KNOWN),  # Besu -32000
    ("already known", SendOutcome.KNOWN),  # geth / GoQuorum
    ("transaction already imported", SendOutcome.KNOWN),  # anvil
    (
        "0xab12: this transaction is already in the TxPool",  # ethereumjs
        SendOutcome.KNOWN,
    ),
    ("Nonce too low", SendOutcome.NONCE_TAKEN),  # Besu -32001
    ("nonce too low: next nonce 5, tx nonce 3", SendOutcome.NONCE_TAKEN),  # geth
    ("nonce too low", SendOutcome.NONCE_TAKEN),  # anvil
    (
        "0xab tries to send a tx with nonce 1, but account has nonce 2 (tx nonce too low)",
        SendOutcome.NONCE_TAKEN,  # ethereumjs
    ),
    ("nonce has already been used", SendOutcome.NONCE_TAKEN),  # older ethereumjs
    ("Replacement transaction underpriced", SendOutcome.NONCE_TAKEN),  # Besu -32000
    ("replacement transaction underpriced", SendOutcome.NONCE_TAKEN),  # geth
    ("replacement gas too low, got tip 1, min: 2", SendOutcome.NONCE_TAKEN),  # ethereumjs
    ("insufficient funds for gas * price + value", SendOutcome.REFUSED),
    ("Gas price below configured minimum gas price", SendOutcome.REFUSED),  # Besu -32009
]


@pytest.mark.parametrize(("message", "outcome"), RECORDED_SEND_ERRORS)
def test_each_recorded_send_error_is_classified(message: str, outcome: SendOutcome) -> None:
    assert classify_send_error(message) is outcome


def test_besu_known_transaction_is_a_successful_rebroadcast() -> None:
    # what _broadcast consults: Besu's answer to a repeated eth_sendRawTransaction
    assert classify_send_error("Known transaction") is SendOutcome.KNOWN
    assert classify_send_error("KNOWN TRANSACTION") is SendOutcome.KNOWN


@pytest.mark.parametrize("entry", KNOWN + NONCE_TAKEN, ids=lambda e: f"{e.client}:{e.text}")
def test_every_send_table_entry_classifies_into_its_own_group(entry: object) -> None:
    text = entry.text
    expected = SendOutcome.KNOWN if entry in KNOWN else SendOutcome.NONCE_TAKEN
    assert classify_send_error(text) is expected


def test_ethereumjs_pending_tag_and_unknown_receipt() -> None:
    assert is_pending_unsupported('"pending" is not yet supported')
    assert not is_pending_unsupported("nonce too low")
    assert is_unknown_receipt("value for 0x12ab not found in DB")
    assert not is_unknown_receipt("Known transaction")
    assert {e.method for e in PENDING_UNSUPPORTED} == {"eth_getTransactionCount"}
    assert {e.method for e in UNKNOWN_RECEIPT} == {"eth_getTransactionReceipt"}


def test_every_message_names_its_client_and_source() -> None:
    assert all(entry.client and entry.source for entry in MESSAGES)
    assert {"Besu", "anvil", "ethereumjs", "geth/GoQuorum"} <= {e.client for e in MESSAGES}


async def test_zero_fees_are_chosen_without_asking_the_node(tmp_path: Path) -> None:
    # nothing listens on port 9: asking the node for fees would fail
    client = ChainClient(["http://127.0.0.1:9"], 31337, retries=0)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'journal.db'}")
    try:
        txm = TxManager(client, db, RevertDecoder(load_artifact().abi), zero_fees=True)
        assert await txm._fee_fields() == ZERO_FEES
        assert ZERO_FEES == {"type": 2, "maxFeePerGas": 0, "maxPriorityFeePerGas": 0}
    finally:
        await db.close()
