"""The FastAPI app every service starts from: host check, body and depth limits, problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from fastapi import APIRouter, FastAPI

from node.config import CoreSettings
from node.files import secure_data_dir
from node.web.hosts import HostCheck, allowed_hosts
from node.web.limits import BodySizeLimit, JsonDepthLimit
from node.web.problems import install_problem_handlers

__all__ = ["service_app"]


class _Routes(Protocol):
    router: APIRouter


def service_app(
    *,
    title: str,
    description: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    settings: CoreSettings,
    public_url: str,
    max_body_bytes: int,
    routes: Iterable[_Routes],
) -> FastAPI:
    """A service's app: foreign hosts, oversized and deep bodies refused; errors as problems.

    Middleware runs outermost first: the Host check, then the size limit (which also bounds
    what the depth scan reads), then the depth scan, then the app.
    """
    secure_data_dir(settings.data_dir)
    app = FastAPI(title=title, version="0.1.0", description=description, lifespan=lifespan)
    app.add_middleware(JsonDepthLimit, max_depth=settings.max_json_depth)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    hosts = allowed_hosts(public_url, settings.allowed_hosts, settings.bind_host)
    app.add_middleware(HostCheck, hosts=hosts)
    install_problem_handlers(app)
    for module in routes:
        app.include_router(module.router)
    return app
