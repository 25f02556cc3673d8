"""A lean HTTP/1.1 load generator on bare asyncio, for the suites that measure services.

The load generator shares the 2 cores with the service it measures. An HTTP client library
costs CPU per request of its own (httpx about 4.8 ms per ``POST /issuance`` on this machine,
measured by the issuance suite), taken from the service it measures; here each request is
encoded once before the clock starts, and each answer is read by its ``Content-Length``. A
connection kept for the whole run goes through asyncio streams; connections renewed every few
requests, or one per request, through blocking sockets, a thread per client.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import httpx

__all__ = ["Drive", "drive"]


@dataclass
class Drive:
    """What a run of requests gave: its rate, each request's latency, and the status codes.

    A latency runs from sending the request to its answer's last byte; opening a connection
    (a connection per request) comes before it and counts only in the rate. The rate's clock
    (``started`` to ``ended``, ``time.perf_counter``) starts once the requests are encoded.
    """

    rate: float = 0.0
    started: float = 0.0
    ended: float = 0.0
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


def _threaded(
    host: str, port: int, requests: Iterator[bytes], clients: int, each: int, run: Drive
) -> None:
    """Send the requests ``clients`` threads at a time, ``each`` of them on one connection.

    Blocking sockets, not asyncio: opening and closing a connection per request made the event
    loop's bookkeeping (a transport, a protocol, two registrations with epoll) most of the
    generator's CPU, 0.21-0.26 ms of user CPU a request against 0.05-0.07 ms in threads,
    which wait in the kernel without the GIL (same server, same run; the kernel's share,
    about 0.11 ms, is the same both ways). Each answer is read by its ``Content-Length``.
    """
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                batch = list(itertools.islice(requests, each))
            if not batch:
                return
            with (
                socket.create_connection((host, port), timeout=_TIMEOUT) as conn,
                conn.makefile("rb") as answers,
            ):
                for request in batch:
                    sent = time.perf_counter()
                    conn.sendall(request)
                    status = _read_answer(answers)
                    latency = (time.perf_counter() - sent) * 1000
                    with lock:
                        run.latencies_ms.append(latency)
                        run.statuses[status] += 1

    with ThreadPoolExecutor(clients, thread_name_prefix="loadgen") as threads:
        for done in [threads.submit(client) for _ in range(clients)]:
            done.result()  # a client's error is the run's


def _read_answer(answers: BinaryIO) -> int:
    """Read one answer off a blocking connection; its status code (its body is discarded)."""
    head = b""
    while (line := answers.readline()) not in (b"\r\n", b""):
        head += line
    status, length = _status_and_length(head)
    answers.read(length)
    return status


def _status_and_length(head: bytes) -> tuple[int, int]:
    """An answer head's status code and ``Content-Length`` (refused when it has none)."""
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return status, int(value)
    raise RuntimeError("an answer without Content-Length")


#: Seconds a connection may wait on the service before the run fails.
_TIMEOUT = 120.0


async def _answer(reader: asyncio.StreamReader) -> int:
    """Read one answer off a kept-alive connection; its status code (its body is discarded)."""
    status, length = _status_and_length(await reader.readuntil(b"\r\n\r\n"))
    await reader.readexactly(length)
    return status


async def drive(
    url: str,
    bodies: list[dict[str, Any]],
    headers: dict[str, str],
    *,
    clients: int,
    per_connection: int | None,
) -> Drive:
    """POST every body, ``clients`` at a time, each client one request at a time.

    ``per_connection``: ``None`` keeps each client's connection for all its requests (as a
    browser or an integration would), on asyncio streams. A number opens a new connection
    after that many requests, so that a service's worker processes share the connections:
    asyncio accepts every connection waiting when it wakes, so 16 clients that connect at once
    may all land on one worker, while the worker with time to spare takes the new ones.
    """
    target = httpx.URL(url)
    host, port = str(target.host), int(target.port or 80)
    prepared = iter(
        [_raw_request(target, body, headers, close=per_connection == 1) for body in bodies]
    )
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

    run.started = time.perf_counter()
    if per_connection is None:
        await asyncio.gather(*(kept_alive() for _ in range(clients)))
    else:
        await asyncio.to_thread(_threaded, host, port, prepared, clients, per_connection, run)
    run.ended = time.perf_counter()
    run.rate = len(bodies) / (run.ended - run.started)
    return run
