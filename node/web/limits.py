"""Refuse what would be costly to parse before anything parses it: size, then JSON depth."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from node.errors import CreditBankError, JsonTooDeepError, PayloadTooLargeError
from node.jsonlimits import check_depth
from node.web.requestid import with_request_id

__all__ = ["BodySizeLimit", "JsonDepthLimit", "send_problem"]


async def send_problem(scope: Scope, send: Send, error: CreditBankError) -> None:
    """Answer with ``error`` as a problem document, from middleware below the app's handlers."""
    body = json.dumps(with_request_id(error.to_problem(instance=scope.get("path")))).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.http_status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """ASGI middleware: a body over ``max_bytes`` gets 413 PAYLOAD_TOO_LARGE."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting body bytes as the app reads them."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        error = PayloadTooLargeError(f"request body over {self.max_bytes} bytes")
        await send_problem(scope, send, error)


class _TooLarge(Exception):
    """Raised inside the app's receive loop to stop reading."""


class JsonDepthLimit:
    """ASGI middleware: a JSON body nested deeper than ``max_depth`` gets 400 JSON_TOO_DEEP.

    The app's JSON parser recurses once per level; this scan does not, so the parser only ever
    sees bounded input. Bodies of other media types (CSV, forms) pass untouched. A body without
    a media type is scanned too, because FastAPI parses it as JSON.
    """

    def __init__(self, app: ASGIApp, max_depth: int) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read a JSON body whole, scan it, then replay it to the app."""
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            check_depth(body, self.max_depth)
        except JsonTooDeepError as exc:
            await send_problem(scope, send, exc)
            return
        replayed = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([replayed], then=receive), send)


def _is_json(scope: Scope) -> bool:
    media = dict(scope.get("headers") or []).get(b"content-type", b"").split(b";")[0].strip()
    return not media or media.endswith(b"json")


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A ``receive`` that hands out ``messages`` first, then defers to ``then`` (disconnects)."""
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive
