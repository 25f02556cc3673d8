"""The learner's web page: one server-rendered HTML file with a little vanilla JavaScript."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["page"])


@cache
def _page() -> tuple[str, str]:
    """The HTML and a CSP that allows exactly its one inline script, by hash."""
    html = resources.files("wallet.web").joinpath("index.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256((script.group(1) if script else "").encode()).digest())
    csp = (
        f"default-src 'none'; script-src 'sha256-{digest.decode()}'; "
        "style-src 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return html, csp


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index() -> HTMLResponse:
    """The account page; every call it makes goes to this service, with the session token."""
    html, csp = _page()
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
