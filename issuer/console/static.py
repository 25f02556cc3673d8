"""The console's own stylesheet and script, served from the package (no external assets)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from node.errors import NotFoundError

router = APIRouter(include_in_schema=False)

_TYPES = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"}


@router.get("/console/static/{name}")
async def asset(name: str) -> Response:
    """One of the two assets, cached briefly; anything else is 404."""
    if name not in _TYPES:
        raise NotFoundError(f"no console asset {name!r}")
    body = resources.files("issuer.console").joinpath("static", name).read_bytes()
    return Response(
        body,
        media_type=_TYPES[name],
        headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"},
    )
