"""Node-client dialects: the JSON-RPC error texts each client answers with, in one table.

Clients word the same situation differently (geth "already known", Besu "Known transaction"),
so the transaction manager classifies an error here instead of matching strings itself.
Each entry names the client and where its text comes from; matching is case-insensitive
on a substring, since clients add detail ("nonce too low: next nonce 5, tx nonce 3").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "MESSAGES",
    "Dialect",
    "SendOutcome",
    "classify_send_error",
    "is_pending_unsupported",
    "is_unknown_receipt",
]


class SendOutcome(Enum):
    """What an ``eth_sendRawTransaction`` error means for the sender."""

    KNOWN = "known"  # the node already has these very bytes: a re-broadcast succeeded
    NONCE_TAKEN = "nonce_taken"  # another transaction holds (or held) this nonce
    REFUSED = "refused"  # anything else: the node will not take it


@dataclass(frozen=True, slots=True)
class Dialect:
    """One recorded error text: which client says it, to which call, and what it means."""

    client: str
    method: str
    text: str
    source: str


#: Known transaction: the pool already has this hash.
KNOWN: tuple[Dialect, ...] = (
    Dialect(
        "geth/GoQuorum", "eth_sendRawTransaction", "already known", "core/txpool ErrAlreadyKnown"
    ),
    Dialect("anvil", "eth_sendRawTransaction", "transaction already imported", "anvil pool error"),
    Dialect(
        "ethereumjs",
        "eth_sendRawTransaction",
        "this transaction is already in the TxPool",
        "@ethereumjs/client src/service/txpool.js",
    ),
    Dialect(
        "Besu",
        "eth_sendRawTransaction",
        "Known transaction",
        "JsonRpcError ETH_SEND_TX_ALREADY_KNOWN (-32000)",
    ),
)

#: Nonce taken: mined already, or a different transaction with this nonce sits in the pool.
NONCE_TAKEN: tuple[Dialect, ...] = (
    Dialect("geth/GoQuorum", "eth_sendRawTransaction", "nonce too low", "core ErrNonceTooLow"),
    Dialect("anvil", "eth_sendRawTransaction", "nonce too low", "anvil InvalidTransactionError"),
    Dialect(
        "ethereumjs",
        "eth_sendRawTransaction",
        "(tx nonce too low)",
        "@ethereumjs/client src/service/txpool.js",
    ),
    Dialect(
        "ethereumjs (older)",
        "eth_sendRawTransaction",
        "nonce has already been used",
        "matched by earlier versions of this module",
    ),
    Dialect(
        "ethereumjs",
        "eth_sendRawTransaction",
        "replacement gas too low",
        "@ethereumjs/client src/service/txpool.js",
    ),
    Dialect(
        "Besu", "eth_sendRawTransaction", "Nonce too low", "JsonRpcError NONCE_TOO_LOW (-32001)"
    ),
    Dialect(
        "Besu",
        "eth_sendRawTransaction",
        "Replacement transaction underpriced",
        "JsonRpcError ETH_SEND_TX_REPLACEMENT_UNDERPRICED (-32000)",
    ),
    Dialect(
        "geth/GoQuorum",
        "eth_sendRawTransaction",
        "replacement transaction underpriced",
        "core/txpool ErrReplaceUnderpriced",
    ),
)

#: ``eth_getTransactionCount`` with the ``pending`` tag is not implemented.
PENDING_UNSUPPORTED: tuple[Dialect, ...] = (
    Dialect(
        "ethereumjs",
        "eth_getTransactionCount",
        '"pending" is not yet supported',
        "@ethereumjs/client src/rpc/modules/eth.js",
    ),
)

#: ``eth_getTransactionReceipt`` of an unknown hash answers an error instead of null.
UNKNOWN_RECEIPT: tuple[Dialect, ...] = (
    Dialect(
        "ethereumjs",
        "eth_getTransactionReceipt",
        "not found in DB",
        "@ethereumjs/blockchain src/db/manager.js",
    ),
)

#: Every recorded message, for documentation and tests.
MESSAGES: tuple[Dialect, ...] = KNOWN + NONCE_TAKEN + PENDING_UNSUPPORTED + UNKNOWN_RECEIPT


def _matches(message: str, table: tuple[Dialect, ...]) -> bool:
    lowered = message.lower()
    return any(entry.text.lower() in lowered for entry in table)


def classify_send_error(message: str) -> SendOutcome:
    """What a refused ``eth_sendRawTransaction`` means, whichever client said it."""
    if _matches(message, KNOWN):
        return SendOutcome.KNOWN
    if _matches(message, NONCE_TAKEN):
        return SendOutcome.NONCE_TAKEN
    return SendOutcome.REFUSED


def is_pending_unsupported(message: str) -> bool:
    """The node has no ``pending`` block tag for nonces; ask for ``latest`` instead."""
    return _matches(message, PENDING_UNSUPPORTED)


def is_unknown_receipt(message: str) -> bool:
    """The node's way of saying it has no receipt for this hash (yet)."""
    return _matches(message, UNKNOWN_RECEIPT)
