"""Validator votes: the chain's own mechanism (Clique ``clique_propose``), on the member's node.

A vote is a setting of the member's own validator, not a transaction: its node puts the vote
in the blocks it seals, and a validator is in (or out) once a majority of validators voted so.
Besu and geth take ``clique_propose``; a node without it is named in the error.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from eth_utils.address import is_address, to_checksum_address

from governance.errors import ProposalInputError, ValidatorVoteError

__all__ = ["ValidatorVotes"]

logger = logging.getLogger(__name__)


class ValidatorVotes:
    """JSON-RPC calls to the one node this member runs (never another member's)."""

    def __init__(self, node_url: str, timeout: float = 10.0) -> None:
        self.node_url = node_url
        self.timeout = timeout

    async def _rpc(self, method: str, params: list[Any]) -> Any:
        body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                answer = (await client.post(self.node_url, json=body)).json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ValidatorVoteError(
                f"{self.node_url} did not answer {method}: {type(exc).__name__}"
            ) from exc
        error = answer.get("error") if isinstance(answer, dict) else None
        if error is not None:
            message = error.get("message") if isinstance(error, dict) else error
            raise ValidatorVoteError(
                f"{self.node_url} refused {method}: {message} (the node must support Clique "
                "voting, as Besu and geth do)",
                node=self.node_url,
            )
        return answer.get("result")

    async def signers(self) -> list[str]:
        """The validators the node counts now."""
        result = await self._rpc("clique_getSigners", [])
        return [to_checksum_address(s) for s in result or []]

    async def vote(self, address: str, add: bool) -> str:
        """Cast (or replace) this node's vote to add or drop ``address``; returns it in words."""
        if not is_address(address):
            raise ProposalInputError(f"{address!r} is not a validator address")
        checksum = to_checksum_address(address)
        await self._rpc("clique_propose", [checksum, add])
        words = f"{'add' if add else 'drop'} validator {checksum}"
        logger.info("voted to %s on %s", words, self.node_url)
        return f"This member's node votes to {words}; it counts once most validators agree"
