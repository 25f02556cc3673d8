"""Answer only to this service's own host names: what stops DNS rebinding.

A page on ``evil.example`` whose name later resolves to 127.0.0.1 can send requests to a
loopback service, but its browser still sends ``Host: evil.example``. Refusing every host name
the service was not configured for closes that door, whatever the port.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from node.errors import BadHostError
from node.web.limits import send_problem

__all__ = ["LOOPBACK_HOSTS", "HostCheck", "allowed_hosts", "host_name"]

#: Names a loopback service answers to with no configuration.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(host: str) -> str:
    """The name in a Host header or URL authority, without port or IPv6 brackets, lowercased."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(
    public_url: str, extra: Iterable[str] = (), bind_host: str = ""
) -> frozenset[str]:
    """Loopback names, the public URL's host, the bind address and any configured extras."""
    names = set(LOOPBACK_HOSTS)
    public = urlsplit(public_url).hostname
    if public:
        names.add(public.lower())
    if bind_host:
        names.add(host_name(bind_host))
    names.update(host_name(h) for h in extra)
    return frozenset(names)


class HostCheck:
    """ASGI middleware: a request whose Host is not one of ``hosts`` gets 400 HOST_NOT_ALLOWED."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Host header of HTTP and WebSocket requests; pass the rest through."""
        if scope["type"] in {"http", "websocket"}:
            header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.hosts:
                shown = header[:100] or "(none)"
                await send_problem(
                    scope, send, BadHostError(f"this service does not answer to {shown!r}")
                )
                return
        await self.app(scope, receive, send)
