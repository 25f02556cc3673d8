"""A conversion is decided only by an officer of its programme's field (hardening finding)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.conftest import RunningIssuer
from tests.e2e.conversion.test_conversion_flow import _apply
from tests.e2e.issuer.helpers import add_operator, auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import CredentialChecker, Wallet, WalletStore, parse_offer


async def test_an_officer_of_another_field_can_neither_see_nor_decide_a_conversion(
    published: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> None:
    wallet = await Wallet.create(store, "fielded", PASSPHRASE)
    offer = await issue_offer(http, running_issuer, wallet.did, "1X-WFED", grade="primary")
    await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
    applied = await _apply(http, running_issuer, wallet, [offer["issued"]["credential_id"]])
    assert applied.status_code == 201, applied.text
    application = applied.json()
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=60) as client:
        nurse = await add_operator(
            client, running_issuer.admin_key, "nurse-officer", "reviewer", ["healthcare"]
        )
        it = await add_operator(
            client,
            running_issuer.admin_key,
            "it-officer",
            "reviewer",
            ["information-technology"],
        )
        url = f"/conversions/{application['id']}/decision"
        refused = await client.post(
            url, json={"decision": "reject", "reason": "not mine"}, headers=auth(nurse)
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "FORBIDDEN"
        listed = await client.get("/conversions", headers=auth(nurse))
        assert application["id"] not in {a["id"] for a in listed.json()}
        still = {
            a["id"]: a["status"]
            for a in (await client.get("/conversions", headers=auth(it))).json()
        }
        assert still[application["id"]] == "proposed"
        decided = await client.post(
            url, json={"decision": "reject", "reason": "evidence too old"}, headers=auth(it)
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["status"] == "rejected"
