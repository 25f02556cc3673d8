"""Revoke, suspend or reinstate one issued credential on chain, by its bit or by its hash.

A credential that carries a ``BitstringStatusListEntry`` is changed through its bit in this
issuer account's status lists: no Merkle proof, and about a third of the gas. A credential
issued before status lists (no entry) keeps the per-hash path, proved by its anchor receipt.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal

from eth_account.signers.local import LocalAccount
from web3.types import TxReceipt

from node.chain import CredentialStatus, RegistryClient
from node.chain.status import status_index
from node.types import Bytes32

__all__ = ["StatusAction", "change_status"]

logger = logging.getLogger(__name__)

StatusAction = Literal["revoke", "suspend", "reinstate"]


async def change_status(
    registry: RegistryClient,
    account: LocalAccount,
    vc: dict[str, Any],
    action: StatusAction,
    reason: int,
    *,
    root: Bytes32,
    leaf: Bytes32,
    path: Sequence[Bytes32],
) -> tuple[TxReceipt, CredentialStatus]:
    """Send the change; returns its receipt and what the chain says of the credential after."""
    index = status_index(vc)
    if index is not None:
        logger.info("%s status list index %d of %s", action, index, account.address)
        if action == "revoke":
            receipt = await registry.revoke_indexes(account, [index], reason)
        elif action == "suspend":
            receipt = await registry.suspend_indexes(account, [index], reason)
        else:
            receipt = await registry.lift_index_suspensions(account, [index])
        return receipt, await registry.index_status(account.address, index)
    if action == "revoke":
        receipt = await registry.revoke(account, root, leaf, path, reason)
    elif action == "suspend":
        receipt = await registry.suspend(account, root, leaf, path, reason)
    else:
        receipt = await registry.lift_suspension(account, leaf)
    return receipt, (await registry.credential_state(account.address, leaf)).status
