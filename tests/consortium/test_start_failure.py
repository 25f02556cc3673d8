"""A consortium whose start fails part-way leaves no member node running."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from devnet.consortium import Consortium, _rpc
from node.errors import ChainUnavailableError
from tests.consortium.conftest import free_ports


def test_a_failed_start_stops_the_members_it_started(tmp_path: Path) -> None:
    """The second member's RPC port is taken: the first, already up, is stopped again."""
    rpc, p2p = free_ports(3), free_ports(3)
    consortium = Consortium(tmp_path / "consortium", rpc_port=rpc, p2p_port=p2p)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", rpc + 1))
        taken.listen()
        with pytest.raises(ChainUnavailableError, match="member"):
            consortium.start(timeout=60)
    try:
        assert [status.pid for status in consortium.status()] == [None, None, None]
    finally:
        consortium.stop()


def test_a_reply_that_is_not_http_is_no_answer() -> None:
    """What a readiness probe reads when it connected to itself: its own request line."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()

        def answer() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")

        replying = threading.Thread(target=answer)
        replying.start()
        assert _rpc(f"http://127.0.0.1:{server.getsockname()[1]}", "eth_chainId") is None
        replying.join(timeout=10)
