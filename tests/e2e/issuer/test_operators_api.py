"""``POST /operators`` and ``GET /audit``: each write leaves one entry, newest first."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import PASSWORD, unique
from tests.e2e.issuer.helpers import add_operator, auth


async def test_adding_an_operator_is_audited_and_a_taken_name_is_refused(
    running_issuer: RunningIssuer,
) -> None:
    admin = running_issuer.admin_key
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=60) as http:
        name = unique("api-operator")
        key = await add_operator(http, admin, name, "operator")
        assert key

        again = await http.post(
            "/operators", json={"name": name, "role": "reviewer"}, headers=auth(admin)
        )
        assert again.status_code == 422 and again.json()["code"] == "INVALID_INPUT"

        done = await http.put(
            f"/operators/{name}/password", json={"password": PASSWORD}, headers=auth(admin)
        )
        assert done.status_code == 204, done.text

        entries = (await http.get("/audit", params={"limit": 1000}, headers=auth(admin))).json()
        mine = [(e["action"], e["detail"]) for e in entries if e["target"] == name]
        # newest first; the refused second add left nothing behind
        assert mine == [("operator.password", {}), ("operator.add", {"role": "operator"})]
        newest = entries[:2]
        assert [e["target"] for e in newest] == [name, name]
        assert newest[0]["actor"] == newest[1]["actor"] != name

        two = (await http.get("/audit", params={"limit": 2}, headers=auth(admin))).json()
        assert two == entries[:2]

        refused = await http.get("/audit", headers=auth(key))
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
