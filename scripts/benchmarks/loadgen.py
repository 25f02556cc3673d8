"""A lean HTTP/1.1 load generator on bare asyncio streams, for the suites that measure services.

The load generator shares the 2 cores with the service it measures. An HTTP client library
costs CPU per request of its own (httpx about 4.8 ms per ``POST /issuance`` on this machine,
measured by the issuance suite), taken from the service it measures; here each request is
encoded once before the clock starts, and an answer is read by its ``Content-Length``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

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

    async def timed(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> int:
        started = time.perf_counter()
        writer.write(request)
        status = (
            await _answer(reader) if keep_alive else int((await reader.read()).split(b" ", 2)[1])
        )
        run.latencies_ms.append((time.perf_counter() - started) * 1000)
        return status

    async def client() -> None:
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            for request in prepared:
                if connection is None:
                    connection = await asyncio.open_connection(host, port)
                run.statuses[await timed(*connection, request)] += 1
                if not keep_alive:
                    connection[1].close()
                    connection = None
        finally:
            if connection is not None:
                connection[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    run.rate = len(bodies) / (time.perf_counter() - started)
    return run
