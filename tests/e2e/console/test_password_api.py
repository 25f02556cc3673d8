"""``PUT /operators/{name}/password``: administrators only, weak passwords refused."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import PASSWORD, unique
from tests.e2e.issuer.helpers import add_operator, auth


async def test_only_an_administrator_sets_a_password_and_weak_ones_are_refused(
    running_issuer: RunningIssuer,
) -> None:
    admin = running_issuer.admin_key
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=60) as http:
        name = unique("api-reviewer")
        key = await add_operator(http, admin, name, "reviewer", ["nursing-health"])
        path = f"/operators/{name}/password"

        refused = await http.put(path, json={"password": PASSWORD}, headers=auth(key))
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"

        weak = await http.put(path, json={"password": "short"}, headers=auth(admin))
        assert weak.status_code == 422 and weak.json()["code"] == "WEAK_PASSWORD"

        unknown = await http.put(
            "/operators/nobody-here/password", json={"password": PASSWORD}, headers=auth(admin)
        )
        assert unknown.status_code == 404

        done = await http.put(path, json={"password": PASSWORD}, headers=auth(admin))
        assert done.status_code == 204, done.text
        audit = await http.get("/audit", headers=auth(admin))
        assert any(e["action"] == "operator.password" and e["target"] == name for e in audit.json())
