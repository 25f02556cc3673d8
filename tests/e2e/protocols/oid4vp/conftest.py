"""The verifier, a learner holding two credentials, and the OWF wallet library under Node."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.verifier.conftest import Learner, learner  # noqa: F401 - the shared fixture
from tests.integration.interop.peer import node_json

INTEROP = Path(__file__).resolve().parents[4] / "interop-local"
SCRIPT = INTEROP / "oid4vp-wallet.mjs"

requires_owf = pytest.mark.skipif(
    not (INTEROP / "node_modules" / "@openid4vc" / "openid4vp").is_dir()
    or shutil.which("node") is None,
    reason="interop-local is not installed (scripts/setup installs it)",
)


def owf_wallet(request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """One request to the OpenWallet Foundation library's wallet side; its error fails the test."""
    answer, status, stderr = node_json(SCRIPT, request, timeout)
    if "error" in answer or status != 0:
        raise AssertionError(f"OWF wallet failed: {answer} {stderr[-800:]!r}")
    return answer


async def ask(http: httpx.AsyncClient, verifier_url: str, **wanted: Any) -> dict[str, Any]:
    """A new OpenID4VP request from the verifier."""
    made = await http.post(f"{verifier_url}/openid4vp/requests", json=wanted)
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


async def status_of(http: httpx.AsyncClient, made: dict[str, Any]) -> dict[str, Any]:
    """What the employer's page polls."""
    answer = await http.get(made["status_url"])
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


__all__ = ["Learner", "ask", "owf_wallet", "requires_owf", "status_of"]
