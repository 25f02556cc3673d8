"""Validator votes: the chain's own mechanism, on the member's own node.

A vote is a setting of the member's own validator, not a transaction: its node puts the vote
in the blocks it seals, and a validator is in (or out) once a majority of validators voted so.
Two dialects, chosen by the ``validator_dialect`` setting: ``clique`` (``clique_propose``, as
geth, Besu on Clique and the local ethereumjs consortium take it) and ``qbft``
(``qbft_proposeValidatorVote``, Besu on QBFT). A node that takes neither is named in the error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from eth_utils.address import is_address, to_checksum_address

from governance.errors import ProposalInputError, ValidatorVoteError

__all__ = ["DIALECTS", "Dialect", "ValidatorVotes", "VoteMethods"]

logger = logging.getLogger(__name__)

Dialect = Literal["clique", "qbft"]


@dataclass(frozen=True)
class VoteMethods:
    """The JSON-RPC methods one consensus protocol names its validator votes with."""

    propose: str
    signers: str
    signers_params: tuple[str, ...]
    protocol: str


DIALECTS: dict[Dialect, VoteMethods] = {
    "clique": VoteMethods("clique_propose", "clique_getSigners", (), "Clique"),
    "qbft": VoteMethods(
        "qbft_proposeValidatorVote", "qbft_getValidatorsByBlockNumber", ("latest",), "QBFT"
    ),
}


class ValidatorVotes:
    """JSON-RPC calls to the one node this member runs (never another member's)."""

    def __init__(self, node_url: str, timeout: float = 10.0, dialect: Dialect = "clique") -> None:
        self.node_url = node_url
        self.timeout = timeout
        self.dialect = dialect
        self.methods = DIALECTS[dialect]

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
                f"{self.node_url} refused {method}: {message} (the node must support "
                f"{self.methods.protocol} voting; validator_dialect is {self.dialect!r})",
                node=self.node_url,
            )
        return answer.get("result")

    async def signers(self) -> list[str]:
        """The validators the node counts now."""
        result = await self._rpc(self.methods.signers, list(self.methods.signers_params))
        return [to_checksum_address(s) for s in result or []]

    async def vote(self, address: str, add: bool) -> str:
        """Cast (or replace) this node's vote to add or drop ``address``; returns it in words."""
        if not is_address(address):
            raise ProposalInputError(f"{address!r} is not a validator address")
        checksum = to_checksum_address(address)
        await self._rpc(self.methods.propose, [checksum, add])
        words = f"{'add' if add else 'drop'} validator {checksum}"
        logger.info("voted to %s on %s (%s)", words, self.node_url, self.methods.protocol)
        return f"This member's node votes to {words}; it counts once most validators agree"
