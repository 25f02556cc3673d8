"""``GET /healthz`` (the process answers) and ``GET /readyz`` (its dependencies answer).

A supervisor or load balancer restarts on the first and routes traffic on the second: a
service whose database, chain node or IPFS daemon is gone stays alive but says it is not
ready (503, a problem document listing each check) until they are back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from node.config import CoreSettings
from node.documents import api_url_from_multiaddr
from node.errors import CreditBankError
from node.storage import Database
from node.web.problems import problem_response

__all__ = [
    "HealthRoutes",
    "NotReadyError",
    "health_router",
    "health_routes",
    "routes",
    "routes_without_ipfs",
]

logger = logging.getLogger(__name__)

_PROBE_TIMEOUT = 3.0

Probe = Callable[[], Awaitable[None]]


class NotReadyError(CreditBankError):
    """A dependency the service needs did not answer; try again, or another instance."""

    code = "NOT_READY"
    http_status = 503
    title = "Service not ready"


def _database_of(ctx: Any) -> Database | None:
    """The service's database: its ledger's, else its token store's (the wallet)."""
    for path in (("ledger", "db"), ("tokens", "db"), ("db",)):
        found: Any = ctx
        for name in path:
            found = getattr(found, name, None)
        if isinstance(found, Database):
            return found
    return None


async def _database(db: Database) -> None:
    async with db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def _chain(settings: CoreSettings) -> None:
    """Any configured node answers ``eth_chainId`` with the expected chain."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}
    failures = []
    async with httpx.AsyncClient(timeout=_PROBE_TIMEOUT) as client:
        for url in settings.effective_rpc_urls:
            try:
                answer = (await client.post(url, json=body)).json()
                if int(answer["result"], 16) == settings.chain_id:
                    return
                failures.append(f"{url}: chain {int(answer['result'], 16)}")
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                failures.append(f"{url}: {type(exc).__name__}")
    raise NotReadyError("; ".join(failures))


async def _ipfs(settings: CoreSettings) -> None:
    url = api_url_from_multiaddr(settings.ipfs_api) + "/api/v0/version"
    async with httpx.AsyncClient(timeout=_PROBE_TIMEOUT) as client:
        (await client.post(url)).raise_for_status()


async def _run(name: str, probe: Probe) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(probe(), _PROBE_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure means not ready, said by name
        logger.warning("readiness: %s failed: %s", name, type(exc).__name__)
        detail = exc.detail if isinstance(exc, CreditBankError) else type(exc).__name__
        return {"name": name, "status": "failed", "reason": detail}
    ms = round((time.perf_counter() - started) * 1000, 1)
    return {"name": name, "status": "passed", "ms": ms}


def health_router(*, database: bool = True, chain: bool = True, ipfs: bool = True) -> APIRouter:
    """Liveness and readiness routes; the flags name what this service depends on."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Alive: the process serves requests (says nothing about dependencies)."""
        return {"status": "alive"}

    @router.get("/readyz", response_model=None)
    async def readyz(request: Request) -> dict[str, Any] | JSONResponse:
        """Ready: every dependency answered just now; otherwise 503 with each check."""
        ctx = getattr(request.app.state, "ctx", None)
        if ctx is None:
            return problem_response(NotReadyError("starting").to_problem(request.url.path))
        settings: CoreSettings = ctx.settings
        probes: dict[str, Probe] = {}
        db = _database_of(ctx)
        if database and db is not None:
            probes["database"] = lambda: _database(db)
        if chain:
            probes["chain"] = lambda: _chain(settings)
        if ipfs:
            probes["ipfs"] = lambda: _ipfs(settings)
        checks = list(await asyncio.gather(*(_run(n, p) for n, p in probes.items())))
        failed = [c["name"] for c in checks if c["status"] != "passed"]
        if failed:
            error = NotReadyError(f"not reachable: {', '.join(failed)}", checks=checks)
            return problem_response(error.to_problem(request.url.path))
        return {"status": "ready", "checks": checks}

    return router


@dataclass(frozen=True)
class HealthRoutes:
    """Shaped like a routes module (``.router``) so a service lists it beside its own."""

    router: APIRouter


def health_routes(*, database: bool = True, chain: bool = True, ipfs: bool = True) -> HealthRoutes:
    """``health_router`` for a service's ``routes=(...)``."""
    return HealthRoutes(health_router(database=database, chain=chain, ipfs=ipfs))


#: What a service lists in ``routes=(...)``: every dependency probed ...
routes = health_routes()
#: ... or all but IPFS, for a service that never reads documents (the wallet).
routes_without_ipfs = health_routes(ipfs=False)
