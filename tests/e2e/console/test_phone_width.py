"""At a 390-pixel-wide viewport every console page fits without horizontal scrolling.

Measured in the browser: the document's scroll width against the viewport's width, on pages
filled with the longest things they show (DIDs, receipts, bad CSV lines, audit details).
"""

from __future__ import annotations

import re
from pathlib import Path

from node.credentials import did_key, generate_key
from tests.e2e.browser import Page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import (
    PHONE_WIDTH,
    alert,
    browser,
    goto,
    phone,
    select,
    sign_in,
    status,
    submit,
)


async def _fits(page: Page) -> tuple[int, int]:
    scroll, inner = await page.eval("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(scroll), int(inner)


async def test_every_console_page_fits_a_phone(
    console_issuer: RunningIssuer, tmp_path: Path
) -> None:
    base = console_issuer.url
    learner = did_key(generate_key())
    csv = tmp_path / "list.csv"
    csv.write_text(
        "learner_did,standard_code,grade,result,credits_earned,issued_on\n"
        f"{learner},CRS-PYTHON,,Pass,,2025-06-01\n"
        f"{learner},CRS-PYTHON,,Pass,not-a-number-at-all-and-rather-long,2025-06-01\n"
    )
    async with browser() as page:
        await phone(page)
        await goto(page, f"{base}/console/sign-in")
        widths = {"sign-in": await _fits(page)}
        await sign_in(page, base, "not-an-operator", "wrong password here")
        widths["sign-in refused"] = await _fits(page)
        await sign_in(page, base, "admin")

        await goto(page, f"{base}/console/applications/new")
        await page.fill("learner_did", learner)
        await select(page, "standard_code", "1X-WFED")
        await page.fill("grade", "advanced")
        await page.fill("evidence_name", "A-very-long-evidence-title-without-any-spaces-in-it")
        await submit(page, "submit-application")
        found = re.search(r"Application (\d+)", await status(page))
        assert found, await alert(page)
        widths["new application"] = await _fits(page)

        await goto(page, f"{base}/console/import")
        await page.upload("#csv-file", str(csv))
        await page.click("import-start")
        await page.wait("!!document.querySelector('#import-result #report')", within=300)
        widths["import with bad lines"] = await _fits(page)

        await goto(page, f"{base}/console/credentials?q={learner}")
        widths["credentials"] = await _fits(page)
        href = await page.eval("document.querySelector('#credentials a').href")
        await goto(page, href)
        await page.wait("true")
        widths["credential"] = await _fits(page)

        pages = {
            "review queue": "/console/applications",
            "one application": f"/console/applications/{found.group(1)}",
            "audit log": "/console/audit",
            "operators": "/console/operators",
            "not found": "/console/applications/999999999",
        }
        for name, path in pages.items():
            await goto(page, f"{base}{path}")
            widths[name] = await _fits(page)

    too_wide = {name: w for name, w in widths.items() if w[0] > w[1] or w[1] != PHONE_WIDTH}
    assert not too_wide, too_wide
