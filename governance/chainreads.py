"""Reads the bindings in ``node.chain`` do not offer: event scans, proposal actions, dry runs.

They go through the registry client's own primitives (prebuilt view codecs, the revert
decoder, the failover client), so the governance desk adds no second way to talk to a node.
"""

from __future__ import annotations

from typing import Any

from web3.types import RPCEndpoint

from node.chain import RegistryClient
from node.chain.registry import as_plain
from node.errors import CreditBankError, TransactionError

__all__ = ["dry_run", "event_args", "view"]


async def view(registry: RegistryClient, fn: str, *args: Any) -> Any:
    """A registry view that has no typed binding yet (``proposalCount``, ``hasApproved``...)."""
    return await registry._read(fn, *args)  # noqa: SLF001 - the one read primitive


async def event_args(registry: RegistryClient, name: str) -> list[dict[str, Any]]:
    """Every ``name`` event of the registry since genesis, oldest first, as plain dicts."""
    event = getattr(registry.contract().events, name)
    logs = await registry.client.call(lambda w3: event.get_logs(from_block=0))
    ordered = sorted(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))
    return [
        {**as_plain(dict(log["args"])), "blockNumber": int(log["blockNumber"])} for log in ordered
    ]


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
