"""Reads the bindings in ``node.chain`` do not offer: event scans, proposal actions, dry runs.

They go through the registry client's own primitives (prebuilt view codecs, the revert
decoder, the failover client), so the governance desk adds no second way to talk to a node.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from web3 import AsyncHTTPProvider, AsyncWeb3
from web3.types import RPCEndpoint

from node.chain import RegistryClient
from node.chain.registry import as_plain
from node.errors import CreditBankError, TransactionError

__all__ = ["LogWindow", "block_ranges", "dry_run", "event_args", "view"]


async def view(registry: RegistryClient, fn: str, *args: Any) -> Any:
    """A registry view that has no typed binding yet (``proposalCount``, ``hasApproved``...)."""
    return await registry._read(fn, *args)  # noqa: SLF001 - the one read primitive


@dataclass(frozen=True)
class LogWindow:
    """Where the registry's events can be, and how many blocks one ``eth_getLogs`` may span.

    Nothing precedes the registry's deployment block, and nodes cap a log query's range (or
    time out on a long chain), so a scan starts there and walks the chain in steps.
    """

    first_block: int = 0
    step: int = 2_000

    def __post_init__(self) -> None:
        if self.first_block < 0 or self.step < 1:
            raise ValueError(f"bad log window: from block {self.first_block}, step {self.step}")


def block_ranges(first: int, last: int, step: int) -> list[tuple[int, int]]:
    """``first..last`` (inclusive) cut into consecutive ranges of at most ``step`` blocks."""
    return [(lo, min(lo + step - 1, last)) for lo in range(first, last + 1, step)]


async def event_args(
    registry: RegistryClient, name: str, window: LogWindow | None = None
) -> list[dict[str, Any]]:
    """Every ``name`` event of the registry in ``window``, oldest first, as plain dicts."""
    window = window or LogWindow()
    event = getattr(registry.contract().events, name)
    head = int(await registry.client.call(lambda w3: w3.eth.block_number))
    logs: list[Any] = []
    for lo, hi in block_ranges(window.first_block, head, window.step):
        logs += await registry.client.call(_logs_between(event, lo, hi))
    ordered = sorted(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))
    return [
        {**as_plain(dict(log["args"])), "blockNumber": int(log["blockNumber"])} for log in ordered
    ]


def _logs_between(
    event: Any, lo: int, hi: int
) -> Callable[[AsyncWeb3[AsyncHTTPProvider]], Awaitable[Any]]:
    """One ``eth_getLogs`` call over ``lo..hi``, for the client's retrying ``call``."""

    async def read(_w3: AsyncWeb3[AsyncHTTPProvider]) -> Any:
        return await event.get_logs(from_block=lo, to_block=hi)

    return read


async def dry_run(
    registry: RegistryClient, sender: str, fn: str, *args: Any
) -> CreditBankError | None:
    """What the registry would say to ``sender`` calling ``fn`` now: ``None`` if it would pass.

    An ``eth_call`` from the sender's address sends nothing and spends nothing, so a refusal is
    known before any transaction exists.
    """
    data = registry.contract().encode_abi(fn, args=list(args))
    params = [{"from": sender, "to": registry.address, "data": data}, "latest"]
    answer = await registry.client.call(
        lambda w3: w3.provider.make_request(RPCEndpoint("eth_call"), params)
    )
    error = answer.get("error")
    if error is None:
        return None
    payload = error.get("data") if isinstance(error, dict) else None
    if isinstance(payload, dict):  # some nodes nest it
        payload = payload.get("data")
    if isinstance(payload, str) and len(payload) > 2:
        return registry.decoder.decode(payload)
    message = error.get("message") if isinstance(error, dict) else error
    return TransactionError(f"the node refused {fn}: {message}")
