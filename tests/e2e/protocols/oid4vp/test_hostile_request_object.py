"""A verifier that answers ``request_uri`` with an endless or odd body cannot tie up the wallet.

A real HTTP server on 127.0.0.1 plays the hostile verifier; the wallet's reader stops reading
at its cap and refuses with a stable code, without holding the whole body. (How much the
server produced before it saw the connection close is the server's business: uvicorn
buffers, so it is not asserted.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import Response, StreamingResponse

from tests.conftest import free_port
from tests.servers import serve
from wallet.errors import VerifierExchangeError
from wallet.openid4vp import Openid4vpRequestError, read_request

CHUNK = b"e" * 65_536


def hostile_verifier() -> FastAPI:
    app = FastAPI()

    @app.get("/endless")
    async def endless() -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(10_000):  # 640 MiB if anyone read it all
                yield CHUNK

        return StreamingResponse(body(), media_type="application/oauth-authz-req+jwt")

    @app.get("/latin1")
    async def latin1() -> Response:
        return Response(b"\xff\xfe.\xff.", media_type="application/oauth-authz-req+jwt")

    @app.get("/gone")
    async def gone() -> Response:
        return Response(status_code=404)

    return app


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    with serve(hostile_verifier(), free_port()) as url:
        yield url


def link(request_uri: str) -> str:
    return f"openid4vp://?client_id=redirect_uri%3Ax&request_uri={quote(request_uri, safe='')}"


async def test_an_endless_request_object_is_refused_at_the_cap(hostile_url: str) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        with pytest.raises(Openid4vpRequestError, match="over 65536 bytes") as refused:
            await read_request(link(f"{hostile_url}/endless"), http)
    assert refused.value.http_status < 500  # refused at the cap, not after reading it all


async def test_a_request_object_that_is_not_text_is_refused(hostile_url: str) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        with pytest.raises(Openid4vpRequestError, match="not UTF-8"):
            await read_request(link(f"{hostile_url}/latin1"), http)


async def test_a_missing_request_object_names_the_status(hostile_url: str) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        with pytest.raises(VerifierExchangeError, match="HTTP 404"):
            await read_request(link(f"{hostile_url}/gone"), http)
