"""Every dependency of every route is ``async def``.

FastAPI runs a plain ``def`` dependency in its thread pool: a hand-off to a worker thread and
back through the event loop's self-pipe for each call. Ours only read ``app.state`` or a header,
so the hop cost more than the work. On ``POST /issuance`` it was four hops a request (the
note of issue 13 has the figures). A dependency that must block says so: it awaits
``asyncio.to_thread`` (governance reads its key file that way).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

ROUTE_PACKAGES = (
    "issuer.routes",
    "issuer.console",
    "verifier.routes",
    "wallet.routes",
    "governance.routes",
)


def routers(package: str) -> Iterator[APIRouter]:
    """The ``router`` of every module in a routes package."""
    root = importlib.import_module(package)
    for module in pkgutil.walk_packages(root.__path__, f"{package}."):
        router = getattr(importlib.import_module(module.name), "router", None)
        if isinstance(router, APIRouter):
            yield router


def _runs_in_a_thread(call: Callable[..., Any]) -> bool:
    if inspect.isroutine(call):
        return not inspect.iscoroutinefunction(call)
    # a class instance such as HTTPBearer: FastAPI looks at its __call__
    return not inspect.iscoroutinefunction(type(call).__call__)


def threaded(dependant: Dependant) -> set[str]:
    """The dependencies, at any depth, that FastAPI would run in its thread pool."""
    found: set[str] = set()
    for sub in dependant.dependencies:
        if sub.call is not None and _runs_in_a_thread(sub.call):
            found.add(f"{sub.call.__module__}.{getattr(sub.call, '__qualname__', sub.call)}")
        found |= threaded(sub)
    return found


@pytest.mark.parametrize("package", ROUTE_PACKAGES)
def test_no_route_sends_a_dependency_to_the_thread_pool(package: str) -> None:
    found = list(routers(package))
    assert found, f"no routers under {package}: the guard would check nothing"
    offenders = {
        f"{sorted(route.methods or ())} {route.path}": names
        for router in found
        for route in router.routes
        if isinstance(route, APIRoute) and (names := threaded(route.dependant))
    }
    assert offenders == {}


def test_the_guard_sees_a_plain_def_dependency() -> None:
    def plain() -> int:
        return 1

    async def awaited() -> int:
        return 2

    app = FastAPI()

    @app.get("/x")
    async def handler(a: int = Depends(plain), b: int = Depends(awaited)) -> int:
        return a + b

    route = next(r for r in app.routes if isinstance(r, APIRoute) and r.path == "/x")
    assert threaded(route.dependant) == {f"{__name__}.{plain.__qualname__}"}
