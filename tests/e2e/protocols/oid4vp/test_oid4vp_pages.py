"""OpenID4VP on both pages in headless Chromium: the employer's QR code, link and report, and
the learner's wallet page answering a request."""

from __future__ import annotations

import os

import httpx
import pytest

from tests.e2e.browser import CHROMIUM, chromium_page
from tests.e2e.learners import PASSPHRASE
from tests.e2e.protocols.oid4vp.conftest import Learner, ask, status_of

# scripts/setup installs Debian's chromium; under CI a missing browser fails instead of skipping
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)
VERDICT = "document.getElementById('verdict')"


async def test_the_employer_page_shows_the_request_then_the_report(
    http: httpx.AsyncClient, verifier_url: str, wallet_url: str, learner: Learner
) -> None:
    unlocked = await http.post(
        f"{wallet_url}/wallet/unlock", json={"name": "candidate", "passphrase": PASSPHRASE}
    )
    headers = {"Authorization": f"Bearer {unlocked.json()['token']}"}
    async with chromium_page() as page:
        await page.goto(verifier_url + "/")
        await page.fill("oid4vp-outcome", "1X-WFED")
        await page.click("oid4vp-create")
        await page.wait("!document.getElementById('oid4vp-out').hidden")
        await page.wait("document.getElementById('oid4vp-qr').naturalWidth > 0")
        link = await page.eval("document.getElementById('oid4vp-link').href")
        assert link.startswith("openid4vp://?") and "dcql_query=" in link
        assert await page.text("oid4vp-status") == "waiting for the candidate's wallet"

        # The candidate's wallet answers (over its API); the page polls and shows the report.
        sent = await http.post(
            f"{wallet_url}/openid4vp/responses",
            json={"url": link, "credential_ids": {"credential": learner.credential_ids[:1]}},
            headers=headers,
        )
        assert sent.status_code == 200, sent.text
        await page.wait(f"{VERDICT} !== null")
        assert await page.eval(f"{VERDICT}.className") == "verdict valid"
        assert await page.eval("document.querySelectorAll('article.credential').length") == 1
        assert "/openid4vp/transactions/" in await page.eval("location.pathname")


async def test_the_wallet_page_answers_a_request(
    http: httpx.AsyncClient, verifier_url: str, wallet_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED", same_device=True)
    async with chromium_page() as page:
        await page.goto(wallet_url + "/")
        await page.fill("wallet-name", "candidate")
        await page.fill("passphrase", PASSPHRASE)
        await page.click("unlock")
        await page.wait("!document.getElementById('wallet-sections').classList.contains('hidden')")
        await page.fill("oid4vp-url", made["link"])
        await page.click("oid4vp-check")
        await page.wait("!document.getElementById('oid4vp-out').classList.contains('hidden')")
        assert await page.text("oid4vp-verifier") == made["request"]["client_id"]
        picks = "Array.from(document.querySelectorAll('input.oid4vp-pick')).map(i => i.value)"
        assert await page.eval(picks) == learner.credential_ids[:1]
        await page.click("oid4vp-send")
        await page.wait("document.getElementById('message').textContent.startsWith('Presented')")
        redirect = await page.eval("document.getElementById('oid4vp-redirect').href")
        assert "/openid4vp/answered?response_code=" in redirect
    status = await status_of(http, made)
    assert status["status"] == "answered" and status["verdict"] == "valid"
