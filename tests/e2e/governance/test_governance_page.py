"""The members' page in headless Chromium: who governs, who is accredited, approve and reject."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from node.credentials import SigningKey
from tests.e2e.browser import CHROMIUM, chromium_page
from tests.e2e.governance.conftest import Consortium

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


def _js(value: str) -> str:
    return json.dumps(value)


async def test_a_member_approves_and_rejects_from_the_page(consortium: Consortium) -> None:
    a, b = consortium.a, consortium.b
    centre: LocalAccount = Account.create()
    stranger: LocalAccount = Account.create()
    did = (await SigningKey.create()).did
    until = (datetime.now(UTC).date() + timedelta(days=200)).isoformat()
    with a.client() as client:
        accredit = client.post(
            "/proposals/accreditations",
            json={
                "account": centre.address, "did": did, "fields": ["logistics"],
                "outcome_types": ["training"], "max_level": 3, "valid_until": until,
            },
        ).json()["proposal_id"]  # fmt: skip
        governor = client.post("/governors", json={"account": stranger.address}).json()
    async with httpx.AsyncClient() as plain:
        served = await plain.get(b.url + "/")
    assert served.status_code == 200
    assert "script-src 'self'" in served.headers["content-security-policy"]
    assert "default-src 'none'" in served.headers["content-security-policy"]

    async with chromium_page() as page:
        await page.goto(b.url + "/")
        assert await page.text("member") == b.account
        assert await page.text("role") == "governor" and await page.text("quorum") == "2"
        governors = await page.text("governors")
        assert a.account in governors and b.account in governors
        article = f"proposal-{accredit}"
        words = await page.eval(f"document.querySelector('#{article} .words').textContent")
        assert words.startswith(f"Accredit {centre.address} as a certification centre")
        assert "fields logistics; outcome types training; up to level 3" in words
        needed = await page.eval(f"document.querySelector('#{article} .needed').textContent")
        assert needed == f"needs 1 more approval(s) from {b.account}"

        # a wrong key is refused, in words, and nothing changes
        await page.fill("api-key", "cbk_not-a-key")
        await page.click(f"approve-{accredit}")
        await page.wait("!document.getElementById('error').hidden")
        assert "unknown API key" in await page.text("error")

        await page.fill("api-key", b.key)
        await page.click(f"approve-{accredit}")
        await page.wait("!document.getElementById('result').hidden")
        assert "carried out" in await page.text("result")
        await page.wait(f"document.getElementById({_js(article)}) === null")
        row = f"document.querySelector('tr[data-account=\"{centre.address}\"]')"
        await page.wait(f"{row} !== null")
        cells = await page.eval(f"{row}.textContent")
        assert "active" in cells and "fields logistics" in cells
        assert f"to {until}" in cells

        await page.fill(f"reason-{governor['proposal_id']}", "not a member of the bank")
        await page.click(f"reject-{governor['proposal_id']}")
        await page.wait("!document.getElementById('result').hidden")
        said = await page.text("result")
        assert said.startswith(f"Rejected proposal {governor['proposal_id']}")
        # two governors, a quorum of two: one "no" defeats it on the ledger, and it leaves
        # the pending list
        assert "defeated: it can never run" in said
        gone = f"proposal-{governor['proposal_id']}"
        await page.wait(f"document.getElementById({_js(gone)}) === null")
    with b.client() as client:
        shown = client.get(f"/proposals/{governor['proposal_id']}").json()
    assert shown["state"] == "defeated"
    assert shown["rejected_by"][b.account]["reason"] == "not a member of the bank"
