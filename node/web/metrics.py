"""Prometheus metrics: per-route request counts and latencies, and a few domain counters.

Every service serves ``GET /metrics`` (read-only, on its loopback bind like every route).
Routes are labelled by their template (``/credentials/{credential_id}``), never the raw path,
and anything unrouted is ``<unmatched>``, so a scan of random paths cannot grow the series.

With several uvicorn workers, ``PROMETHEUS_MULTIPROC_DIR`` (set by ``creditbank serve`` to a
directory wiped at each start, see ``node.process.fresh_dir``) makes prometheus-client keep
each worker's values in files there, and ``/metrics`` sums them: whichever worker answers,
the figures are the service's. Without it, the figures are the one process's own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "ANCHOR_BATCHES",
    "ANCHOR_LAG_SECONDS",
    "CHAIN_ERRORS",
    "CREDENTIALS_ISSUED",
    "REQUESTS",
    "REQUEST_SECONDS",
    "VERIFICATIONS",
    "RequestMetrics",
    "observe_anchor_lag",
    "router",
]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "creditbank_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "creditbank_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
CREDENTIALS_ISSUED = Counter("creditbank_credentials_issued", "Credentials signed and stored")
VERIFICATIONS = Counter(
    "creditbank_verifications",
    "Verifications answered, by what was verified and the verdict",
    ["kind", "verdict"],
)
ANCHOR_BATCHES = Counter("creditbank_anchor_batches", "Credential batches anchored on chain")
# a histogram, not a gauge: it needs no multiprocess mode, and workers' samples simply add up
ANCHOR_LAG_SECONDS = Histogram(
    "creditbank_anchor_lag_seconds",
    "Time from a credential being signed and stored to its batch being anchored on chain",
    buckets=(0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0, 21600.0),
)
CHAIN_ERRORS = Counter(
    "creditbank_chain_errors", "Chain failures that postponed work, by error code", ["code"]
)

UNMATCHED = "<unmatched>"


def _route(scope: Scope) -> str:
    """The matched route's template; the router leaves it in the scope it shares with us."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class RequestMetrics:
    """ASGI middleware counting and timing every HTTP request by route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count and time the request, whatever happens inside."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets if the app fails before answering
        started = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = _route(scope)
            method = str(scope.get("method", ""))
            REQUESTS.labels(method, route, str(status)).inc()
            REQUEST_SECONDS.labels(method, route).observe(time.perf_counter() - started)


def observe_anchor_lag(signed_at: Iterable[datetime], anchored_at: datetime | None = None) -> None:
    """One anchor-lag sample per credential of a batch just anchored (naive times are UTC)."""
    now = anchored_at or datetime.now(UTC)
    for signed in signed_at:
        aware = signed if signed.tzinfo is not None else signed.replace(tzinfo=UTC)
        ANCHOR_LAG_SECONDS.observe(max(0.0, (now - aware).total_seconds()))


def _registry() -> CollectorRegistry:
    """The process's registry, or every worker's values summed in multiprocess mode."""
    if not os.environ.get(MULTIPROC_ENV):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus text exposition of this service's metrics (read-only)."""
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
