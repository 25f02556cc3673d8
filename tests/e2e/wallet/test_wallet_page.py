"""The learner's page in headless Chromium: create, redeem, totals, share with link and QR."""

from __future__ import annotations

import os

import httpx
import pytest

from tests.e2e.browser import CHROMIUM, chromium_page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, create_wallet_on_page, issue_offer, redeem_on_page
from wallet import decode_link

# scripts/setup installs Debian's chromium; under CI a missing browser fails instead of skipping
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)
MESSAGE = "document.getElementById('message').textContent"


async def test_the_learner_page(wallet_url: str, running_issuer: RunningIssuer) -> None:
    async with chromium_page() as page, httpx.AsyncClient(timeout=120) as http:
        did = await create_wallet_on_page(page, wallet_url)
        assert did.startswith("did:key:z6Mk")

        offer = await issue_offer(http, running_issuer, did, "CRS-NURSING-FUNDAMENTALS")
        await redeem_on_page(page, offer)
        assert await page.text("total") == "5"
        assert "ECTS" in await page.text("totals")
        assert "valid" in await page.text("credentials")

        await page.fill("offer", "not an offer")
        await page.click("redeem")
        await page.wait(
            "document.getElementById('message').textContent.includes('WALLET_OFFER_INVALID')"
        )

        await page.eval("document.querySelector('input.pick').checked = true")
        await page.fill("challenge", "browser-challenge")
        await page.fill("domain", "https://employer.example")
        await page.click("share")
        await page.wait("!document.getElementById('qr').classList.contains('hidden')")
        link = await page.eval("document.getElementById('share-link').href")
        package = decode_link(link)
        assert package["challenge"] == "browser-challenge"
        assert await page.eval("document.getElementById('qr').naturalWidth") > 0

        await page.click("lock")
        await page.wait("!document.getElementById('unlock-section').classList.contains('hidden')")
        await page.fill("passphrase", "wrong passphrase")
        await page.click("unlock")
        await page.wait(
            "document.getElementById('message').textContent.includes('WRONG_PASSPHRASE')"
        )
        await page.fill("passphrase", PASSPHRASE)
        await page.click("unlock")
        await page.wait("document.getElementById('total').textContent === '5'")

        # an offer behind a transaction code: refused without it, kept with it
        issued = await issue_offer(http, running_issuer, did, "1X-WFED", grade="primary")
        guarded = await http.post(
            f"{running_issuer.url}/credentials/{issued['issued']['credential_id']}/offer",
            json={"tx_code": True},
            headers={"X-API-Key": running_issuer.admin_key},
        )
        assert guarded.status_code == 201, guarded.text
        await page.fill("offer", guarded.json()["link"])
        await page.click("redeem")
        await page.wait(f"{MESSAGE}.includes('transaction code')")
        await page.fill("tx-code", guarded.json()["tx_code"])
        await page.click("redeem")
        await page.wait("document.querySelectorAll('#credentials tr').length === 2")
