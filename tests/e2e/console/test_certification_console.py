"""The certification centre's console in Chromium, through the page only.

An administrator adds the operators; a clerk submits an application and imports a list; a
reviewer of the field approves; a reviewer of another field is refused; a credential is
suspended, reinstated and revoked on chain.
"""

from __future__ import annotations

import re
from pathlib import Path

from node.credentials import did_key, generate_key
from tests.e2e.browser import Page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import (
    add_operator,
    alert,
    browser,
    goto,
    heading,
    select,
    sign_in,
    sign_out,
    status,
    submit,
    unique,
)


async def _operators(page: Page, base: str) -> dict[str, str]:
    """The administrator adds a clerk and two reviewers, each with a password."""
    names = {
        "clerk": unique("clerk"),
        "it": unique("it-reviewer"),
        "health": unique("health-reviewer"),
    }
    await sign_in(page, base, "admin")
    await add_operator(page, base, names["clerk"], "operator")
    await add_operator(page, base, names["it"], "reviewer", "information-technology")
    await add_operator(page, base, names["health"], "reviewer", "nursing-health")
    await sign_out(page)
    return names


async def test_review_queue_in_the_reviewers_field_and_a_reviewer_outside_it_refused(
    console_issuer: RunningIssuer,
) -> None:
    base = console_issuer.url
    learner = did_key(generate_key())
    async with browser() as page:
        names = await _operators(page, base)

        await sign_in(page, base, names["clerk"])
        await goto(page, f"{base}/console/applications/new")
        await page.fill("learner_did", learner)
        await select(page, "standard_code", "1X-WFED")
        await page.fill("grade", "intermediate")
        await page.fill("result", "Pass")
        await page.fill("evidence_name", "Final project")
        await page.fill("evidence_url", "https://example.edu/projects/42")
        await page.fill("evidence_narrative", "Built and deployed a responsive shop front.")
        await submit(page, "submit-application")
        submitted = await status(page)
        found = re.search(r"Application (\d+) submitted", submitted)
        assert found, await alert(page)
        number = found.group(1)
        await sign_out(page)

        # a reviewer of another field neither sees it nor may open or decide it
        await sign_in(page, base, names["health"])
        assert await page.eval(f"!document.getElementById('application-{number}')")
        await goto(page, f"{base}/console/applications/{number}")
        refused = await alert(page)
        assert "does not review field information-technology" in refused
        assert await heading(page) == "Not allowed for this role"
        await sign_out(page)

        # the reviewer of the field sees it with its evidence, and approves
        await sign_in(page, base, names["it"])
        card = f"document.getElementById('application-{number}')"
        assert await page.eval(f"{card}.dataset.status") == "submitted"
        text = await page.eval(f"{card}.textContent")
        assert learner in text and "Final project" in text and "responsive shop" in text
        link = await page.eval(f"{card}.querySelector('.evidence a').href")
        assert link == "https://example.edu/projects/42"

        # the administrator has the same queue open in another browser
        async with browser() as other:
            await sign_in(other, base, "admin")
            assert await other.eval(f"{card}.dataset.status") == "submitted"

            await page.fill(f"comment-{number}", "Project reviewed; meets the standard.")
            await submit(page, f"approve-{number}")
            done = await status(page)
            assert f"Application {number} approved; credential urn:uuid:" in done, await alert(page)
            assert await page.eval(f"!document.getElementById('application-{number}')")

            # the administrator's now stale page tries to reject it: refused, with why
            await other.fill(f"comment-{number}", "Evidence too thin.")
            await submit(other, f"reject-{number}")
            assert "Application already decided" in await alert(other)
            assert f"application {number} is approved" in await alert(other)

        await goto(page, f"{base}/console/applications?status=approved")
        assert await page.eval(f"{card}.dataset.status") == "approved"
        assert "meets the standard" in await page.eval(f"{card}.textContent")


async def test_import_shows_progress_and_lists_bad_lines(
    console_issuer: RunningIssuer, tmp_path: Path
) -> None:
    base = console_issuer.url
    good = 60
    dids = [did_key(generate_key()) for _ in range(good)]
    lines = ["learner_did,standard_code,grade,result,credits_earned,issued_on"]
    lines += [f"{d},CRS-PYTHON,,Pass,,2025-06-{1 + i % 28:02d}" for i, d in enumerate(dids)]
    lines += [
        f"{dids[0]},NO-SUCH-STANDARD,,Pass,,2025-06-01",
        f"{dids[1]},CRS-PYTHON,,Pass,abc,2025-06-01",
        f"{dids[2]},CRS-PYTHON,,Pass,,2025-13-45",
    ]
    csv = tmp_path / "certificates.csv"
    csv.write_text("\n".join(lines) + "\n")
    async with browser() as page:
        clerk = unique("import-clerk")
        await sign_in(page, base, "admin")
        await add_operator(page, base, clerk, "operator")
        await sign_out(page)
        await sign_in(page, base, clerk)
        await goto(page, f"{base}/console/import")
        await page.upload("#csv-file", str(csv))
        # every value the progress bar takes, as the browser renders it
        await page.eval(
            "window.seen = [];"
            "new MutationObserver(() => { const b = document.getElementById('progress-bar');"
            " if (b.hasAttribute('value')) window.seen.push([b.value, b.max]); })"
            ".observe(document.getElementById('progress-bar'), {attributes: true});"
        )
        await page.click("import-start")
        await page.wait("!!document.querySelector('#import-result #report')", within=300)
        seen = await page.eval("window.seen")
        total = seen[-1][1]  # lines that reached signing: the good ones and an unknown standard
        assert total == good + 1, seen
        done = [v for v, m in seen if m == total]
        assert done[-1] == total and any(0 < v < total for v in done), seen
        assert done == sorted(done), "the bar only moves forward"
        assert await page.text("progress-text") == "Done"
        report = await page.text("import-result")
        assert f"{good} of {good + 3} lines issued" in report
        bad = await page.eval(
            "Array.from(document.querySelectorAll('#bad-lines tr[data-line]'))"
            ".map(r => [Number(r.dataset.line), r.textContent])"
        )
        assert [line for line, _ in bad] == [good + 2, good + 3, good + 4]
        assert "UNKNOWN_STANDARD" in bad[0][1]
        assert "credits_earned" in bad[1][1]
        assert "YYYY-MM-DD" in bad[2][1]

        # the imported credentials are found by learner, and one is suspended,
        # reinstated and revoked on chain, each with a reason
        await goto(page, f"{base}/console/credentials")
        await page.fill("q", dids[5])
        await submit(page, "search")
        href = await page.eval("document.querySelector('#credentials a').href")
        await goto(page, href)
        assert "anchored" in await page.text("fact-anchor") or "waiting" in await page.text(
            "fact-anchor"
        )
        for action, after in (("suspend", "suspended"), ("reinstate", "anchored")):
            await page.fill("note", f"{action} for the test")
            await submit(page, action)
            assert f"now {after}" in await status(page), await alert(page)
        assert "credentialHash" in await page.text("receipt")

        # a status change without a note is refused with a message and the choice kept
        await page.eval("document.getElementById('note').required = false")
        await select(page, "reason", "2")
        await submit(page, "revoke")
        assert "say why in the note" in await alert(page)
        assert await page.eval("document.getElementById('reason').value") == "2"

        await page.fill("note", "Certificate obtained by fraud.")
        await submit(page, "revoke")
        assert "now revoked" in await status(page), await alert(page)
        assert await page.text("fact-status") == "revoked"
        assert await page.eval("!document.getElementById('revoke')"), "nothing after revoked"
