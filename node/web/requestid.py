"""A request id on every request: taken from ``X-Request-ID`` when well formed, else new.

The id is echoed in the response's ``X-Request-ID``, kept in a context variable for the
request's duration, and from there put on every log line (``node.log``) and every problem
document (``request_id``), so one id ties a client's report to the server's log. A proxy's id
is kept so that the same id follows the request across hops; anything else a client sends
(too long, spaces, control or other characters a log reader could trip on) is replaced.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from node.log import current_request_id, set_request_id

__all__ = ["HEADER", "RequestId", "well_formed", "with_request_id"]

HEADER = "X-Request-ID"

_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def with_request_id(problem: dict[str, Any]) -> dict[str, Any]:
    """The problem document with the current request's id as its ``request_id`` member."""
    request_id = current_request_id()
    return problem if request_id is None else {**problem, "request_id": request_id}


def well_formed(value: str) -> bool:
    """Up to 128 letters, digits, ``.``, ``_``, ``:`` or ``-``, starting with a letter or digit."""
    return _WELL_FORMED.fullmatch(value) is not None


class RequestId:
    """ASGI middleware: choose the request's id, expose it to logs, echo it to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request under its id."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = [v for k, v in scope["headers"] if k == b"x-request-id"]
        text = given[0].decode("latin-1") if len(given) == 1 else ""
        request_id = text if well_formed(text) else uuid.uuid4().hex

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        # not reset afterwards: uvicorn serves each request in a task of its own (a copy of the
        # context), and the app's outermost error handler, which answers an unexpected error
        # after this returns, still finds the id for its log line and its problem document
        set_request_id(request_id)
        await self.app(scope, receive, sending)
