"""The bench's load generator against a small HTTP server: every request, counted once."""

from __future__ import annotations

import asyncio
import json

import pytest

from scripts.benchmarks.loadgen import drive

#: One entry for each connection the server took; each test clears it first.
CONNECTIONS: list[int] = []


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer each POST with its body's ``n`` echoed and a status chosen from it."""
    CONNECTIONS.append(1)
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            n = json.loads(await reader.readexactly(length))["n"]
            body = json.dumps({"n": n}).encode()
            status = b"201 Created" if n % 2 else b"422 Unprocessable Entity"
            closing = b"connection: close" in head.lower()
            writer.write(
                b"HTTP/1.1 " + status + b"\r\ncontent-length: " + str(len(body)).encode()
                + (b"\r\nconnection: close" if closing else b"") + b"\r\n\r\n" + body
            )  # fmt: skip
            await writer.drain()
            if closing:
                break
    except asyncio.IncompleteReadError:
        pass
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("per_connection", "connections"),
    [(None, 7), (1, 101), (4, 26)],  # 7 clients; 101 requests = 25 x 4 + 1
    ids=["kept-alive", "connection-each", "renewed-every-4"],
)
async def test_every_request_is_sent_once_and_its_status_counted(
    per_connection: int | None, connections: int
) -> None:
    """Each request once, each status counted, on as many connections as the mode opens."""
    CONNECTIONS.clear()
    server = await asyncio.start_server(_serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        run = await drive(
            f"http://127.0.0.1:{port}/x",
            [{"n": n} for n in range(101)],
            {"Authorization": "Bearer t"},
            clients=7,
            per_connection=per_connection,
        )
    finally:
        server.close()
        await server.wait_closed()
    assert dict(run.statuses) == {201: 50, 422: 51}
    assert len(run.latencies_ms) == 101 and min(run.latencies_ms) > 0
    assert run.rate > 0 and run.rate == 101 / (run.ended - run.started)
    assert len(CONNECTIONS) == connections
