"""The chain client keeps its connection to the node open between JSON-RPC calls."""

from __future__ import annotations

import socket

import pytest

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
