"""The app every service starts from: what its lifespan adds around the service's own."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from node.config import CoreSettings
from node.web.apps import service_app


async def test_start_up_objects_are_frozen_out_of_the_collector_once_the_service_started(
    tmp_path: Path,
) -> None:
    seen: list[int] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        seen.append(gc.get_freeze_count())  # the service's own start-up runs first
        yield

    gc.unfreeze()
    app = service_app(
        title="t",
        description="d",
        lifespan=lifespan,
        settings=CoreSettings(data_dir=tmp_path),
        public_url="http://127.0.0.1:1",
        max_body_bytes=1000,
        routes=[],
    )
    try:
        async with app.router.lifespan_context(app):
            assert seen == [0]
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
