"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection, as asyncio does.

asyncio turns Nagle off (``TCP_NODELAY``) on the connections of a server it opens itself, as
uvicorn's single process does. With ``--workers``, uvicorn binds the listening socket itself as
``socket.socket(family)``, whose ``proto`` is 0, and asyncio sets ``TCP_NODELAY`` only on
sockets whose ``proto`` is TCP's. Nagle then holds each answer's second segment (uvicorn
writes the head and the body apart) until the client acknowledges the first, and a client
on a kept-alive connection delays that by 40 ms. In a trial on ``creditbank serve verifier
--workers 2`` with 16 clients renewing their connection every 8 requests: 395 answers/s at a
44 ms median without this protocol, 2,725-3,689/s at 4-5 ms with it (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["NoDelayHttpToolsProtocol", "PROTOCOL"]

#: What ``uvicorn --http`` takes to use it.
PROTOCOL = f"{__name__}:NoDelayHttpToolsProtocol"


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` that sets ``TCP_NODELAY`` on its connection first."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Turn Nagle off, then take the connection as uvicorn does."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
