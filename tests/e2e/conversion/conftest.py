"""The demo college's programme published once on the session's issuer (versions only grow)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from node.conversion.demo import demo_programme_text, demo_rule_set_text
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth

DEMO_PROGRAMME = "demo-college:programme/software-technology"


@pytest.fixture(scope="session")
def published(running_issuer: RunningIssuer) -> dict[str, Any]:
    """The demo programme and rule set, published through the API by the admin."""
    answer = httpx.post(
        f"{running_issuer.url}/programmes",
        json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
        headers=auth(running_issuer.admin_key),
        timeout=120,
    )
    if answer.status_code == 409:  # another test (the demo story) published it on this issuer
        assert answer.json()["code"] == "PROGRAMME_VERSION_EXISTS", answer.text
        listed = httpx.get(f"{running_issuer.url}/programmes", timeout=60).json()
        return next(p for p in listed if p["programme"]["id"] == DEMO_PROGRAMME)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body
