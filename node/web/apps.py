"""The FastAPI app every service starts from: body limit, problem responses, its routers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from fastapi import APIRouter, FastAPI

from node.web.limits import BodySizeLimit
from node.web.problems import install_problem_handlers

__all__ = ["service_app"]


class _Routes(Protocol):
    router: APIRouter


def service_app(
    *,
    title: str,
    description: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    max_body_bytes: int,
    routes: Iterable[_Routes],
) -> FastAPI:
    """A service's app: bodies over the limit refused, errors as RFC 9457 problems."""
    app = FastAPI(title=title, version="0.1.0", description=description, lifespan=lifespan)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    install_problem_handlers(app)
    for module in routes:
        app.include_router(module.router)
    return app
