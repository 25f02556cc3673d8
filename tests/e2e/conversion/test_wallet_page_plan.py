"""The learner's page in headless Chromium: balance, the planner, and applying to a programme."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest

from tests.e2e.browser import CHROMIUM, chromium_page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import create_wallet_on_page, issue_offer, redeem_on_page

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)
PROGRAMME = "demo-college:programme/software-technology"


async def test_plan_and_apply_from_the_page(
    published: dict[str, Any], wallet_url: str, running_issuer: RunningIssuer
) -> None:
    async with chromium_page() as page, httpx.AsyncClient(timeout=120) as http:
        did = await create_wallet_on_page(page, wallet_url)
        offer = await issue_offer(http, running_issuer, did, "1X-WFED", grade="advanced")
        await redeem_on_page(page, offer)

        await page.fill("institution-url", running_issuer.url)
        await page.fill("programme-id", PROGRAMME)
        await page.click("plan")
        await page.wait("!document.getElementById('plan-out').classList.contains('hidden')")
        covered = await page.eval(
            "Array.from(document.querySelectorAll('#plan-rows tr.covered td:first-child'))"
            ".map((td) => td.textContent)"
        )
        assert covered == ["WEB-FRONTEND"]
        bigdata = await page.eval(
            "Array.from(document.querySelectorAll('#plan-rows tr.remaining'))"
            ".find((tr) => tr.cells[0].textContent === 'BIGDATA-APP').cells[2].textContent"
        )
        assert "1X-BDAD" in bigdata
        assert "114.00 to study" in await page.text("plan-summary")

        await page.eval("document.querySelector('input.pick').checked = true")
        await page.click("apply")
        await page.wait(
            "document.getElementById('message').textContent.includes('credits proposed')"
        )
        assert "6.00 credits proposed" in await page.text("message")
