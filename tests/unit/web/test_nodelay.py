"""Connections accepted on a socket bound as uvicorn's workers get it still turn Nagle off."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from node.web.nodelay import PROTOCOL, NoDelayHttpToolsProtocol


async def _nodelay_of_accepted(protocol: type[HttpToolsProtocol]) -> int:
    """``TCP_NODELAY`` of the server's side of one connection, on a listener with proto 0."""
    config = Config(app=lambda *_: None, http=PROTOCOL)
    config.load()
    listener = socket.socket(socket.AF_INET)  # as uvicorn binds it for --workers
    listener.bind(("127.0.0.1", 0))
    made: list[HttpToolsProtocol] = []

    def factory() -> HttpToolsProtocol:
        made.append(protocol(config=config, server_state=ServerState(), app_state={}))
        return made[-1]

    server = await asyncio.get_running_loop().create_server(factory, sock=listener)
    try:
        host, port = listener.getsockname()
        _, writer = await asyncio.open_connection(host, port)
        for _ in range(100):
            if made and made[0].transport is not None:
                break
            await asyncio.sleep(0.01)
        accepted = made[0].transport.get_extra_info("socket")
        value = int(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()
        made[0].transport.close()
        return value
    finally:
        server.close()
        await server.wait_closed()


async def test_uvicorns_own_protocol_leaves_nagle_on_there() -> None:
    """The premise: asyncio skips a socket whose proto is 0, so uvicorn's protocol alone would."""
    assert await _nodelay_of_accepted(HttpToolsProtocol) == 0


async def test_ours_turns_nagle_off() -> None:
    assert await _nodelay_of_accepted(NoDelayHttpToolsProtocol) == 1


def test_uvicorn_finds_it_by_the_name_serve_gives() -> None:
    config = Config(app=lambda *_: None, http=PROTOCOL)
    config.load()
    assert config.http_protocol_class is NoDelayHttpToolsProtocol
