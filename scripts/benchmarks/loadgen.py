"""A lean HTTP/1.1 load generator on bare asyncio, for the suites that measure services.

The load generator shares the 2 cores with the service it measures. An HTTP client library
costs CPU per request of its own (httpx about 4.8 ms per ``POST /issuance`` on this machine,
measured by the issuance suite), taken from the service it measures; here each request is
encoded once before the clock starts. A kept-alive connection reads each answer by its
``Content-Length`` (asyncio streams); a connection per request reads it until the service
closes it (a bare protocol).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import httpx

__all__ = ["Drive", "drive"]


@dataclass
class Drive:
    """What a run of requests gave: its rate, each request's latency, and the status codes.

    A latency runs from sending the request to its answer's last byte; opening a connection
    (a connection per request) comes before it and counts only in the rate.
    """

    rate: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


def _raw_request(
    url: httpx.URL, body: dict[str, Any], headers: dict[str, str], close: bool
) -> bytes:
    """One HTTP/1.1 POST, encoded once before the clock starts."""
    payload = json.dumps(body, separators=(",", ":")).encode()
    lines = [
        f"POST {url.raw_path.decode()} HTTP/1.1",
        f"Host: {url.host}:{url.port}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        f"Connection: {'close' if close else 'keep-alive'}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class _Exchange(asyncio.Protocol):
    """One request on a connection of its own, answered until the service closes it.

    A bare protocol, not asyncio's streams: a connection per request made the streams' reader
    and writer most of the generator's CPU (about 0.25 ms a request here, against 0.3-0.4).
    ``done`` gives the answer's first bytes (its status line) and the latency, from the
    request's sending to the answer's last byte.
    """

    def __init__(self, request: bytes) -> None:
        self.request = request
        self.head = b""
        self.sent = 0.0
        self.done: asyncio.Future[tuple[bytes, float]] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.sent = time.perf_counter()
        cast("asyncio.WriteTransport", transport).write(self.request)

    def data_received(self, data: bytes) -> None:
        if len(self.head) < _STATUS_LINE:
            self.head += data[:_STATUS_LINE]

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done.done():
            return
        if exc is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result((self.head, (time.perf_counter() - self.sent) * 1000))


#: Bytes enough for ``HTTP/1.1 200``: what an answer on a closed connection is read for.
_STATUS_LINE = 32


async def _answer(reader: asyncio.StreamReader) -> int:
    """Read one answer off a kept-alive connection; its status code (its body is discarded)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            await reader.readexactly(int(value))
            return status
    raise RuntimeError("an answer without Content-Length on a kept-alive connection")


async def drive(
    url: str,
    bodies: list[dict[str, Any]],
    headers: dict[str, str],
    *,
    clients: int,
    keep_alive: bool,
) -> Drive:
    """POST every body, ``clients`` at a time, each client one request at a time.

    With ``keep_alive`` each client keeps one connection for all its requests (as a browser or
    an integration would); without it each request opens a connection of its own, so the
    kernel spreads them across a service's worker processes.
    """
    target = httpx.URL(url)
    host, port = str(target.host), int(target.port or 80)
    prepared = iter([_raw_request(target, body, headers, not keep_alive) for body in bodies])
    run = Drive()

    async def kept_alive() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for request in prepared:
                started = time.perf_counter()
                writer.write(request)
                run.statuses[await _answer(reader)] += 1
                run.latencies_ms.append((time.perf_counter() - started) * 1000)
        finally:
            writer.close()

    async def one_connection_each() -> None:
        loop = asyncio.get_running_loop()
        for request in prepared:
            _, exchange = await loop.create_connection(partial(_Exchange, request), host, port)
            head, latency = await exchange.done
            run.latencies_ms.append(latency)
            run.statuses[int(head.split(b" ", 2)[1])] += 1

    client = kept_alive if keep_alive else one_connection_each
    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    run.rate = len(bodies) / (time.perf_counter() - started)
    return run
