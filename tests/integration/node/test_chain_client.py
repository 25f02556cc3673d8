"""The chain client keeps its connection to the node open between JSON-RPC calls."""

from __future__ import annotations

import socket
from typing import Any

import aiohttp
import pytest

from node.chain import client as client_module
from node.chain.client import ChainClient
from node.ledger import Ledger


async def test_many_reads_share_one_connection(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    connects: list[object] = []
    connect = socket.socket.connect

    def counting(sock: socket.socket, address: object) -> None:
        connects.append(address)
        connect(sock, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", counting)
    heads = [await ledger.client.call(lambda w3: w3.eth.block_number) for _ in range(50)]
    assert len(heads) == 50 and all(h >= 0 for h in heads)
    assert len(connects) <= 1  # web3's own session opened one connection per call


async def test_a_session_web3_made_first_is_kept_and_ours_is_closed(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = ChainClient([ledger.client.url], ledger.client.chain_id)
    made: list[aiohttp.ClientSession] = []

    def recording(*args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        made.append(aiohttp.ClientSession(*args, **kwargs))
        return made[-1]

    try:
        await fresh.w3.eth.block_number  # web3 caches its own session for this loop first
        monkeypatch.setattr(client_module, "ClientSession", recording)
        assert await fresh.call(lambda w3: w3.eth.block_number) >= 0
        assert len(made) == 1 and made[0].closed  # offered, refused, not leaked
    finally:
        await fresh.close()
