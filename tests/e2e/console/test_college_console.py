"""The college's console in Chromium, through pages only, with the learner on the wallet page.

The administrator writes a programme and its rule set (a YAML error is shown at its line as
it is typed, and publishing it is refused with the text kept), publishes them, certifies an
outcome and makes a wallet offer; the learner collects it on the wallet page and applies; the
officer sees the rules engine's explanation rule by rule and approves; a second officer's
stale page is told the application was decided already; the report counts it.
"""

from __future__ import annotations

import json
import re
import uuid

from node.conversion.demo import demo_programme_text, demo_rule_set_text
from tests.e2e.browser import Page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import (
    alert,
    browser,
    fits,
    goto,
    heading,
    phone,
    select,
    sign_in,
    status,
    submit,
)
from tests.e2e.learners import create_wallet_on_page

DEMO_PROGRAMME = "demo-college:programme/software-technology"
DEMO_RULES = "demo-college:rules/software-technology"


async def _type(page: Page, element_id: str, text: str) -> None:
    """Replace a textarea's text and tell the page, as typing does."""
    await page.eval(
        f"(() => {{ const a = document.getElementById({json.dumps(element_id)});"
        f" a.value = {json.dumps(text)}; a.dispatchEvent(new Event('input')); }})()"
    )


async def _check_says(page: Page, element_id: str, words: str) -> str:
    """Wait for the as-you-type check under a textarea to say ``words``; its text."""
    condition = (
        f"document.getElementById({json.dumps(element_id + '-check')})"
        f".textContent.includes({json.dumps(words)})"
    )
    await page.wait(condition)
    return await page.text(element_id + "-check")


async def test_publish_rules_then_approve_a_conversion_with_its_explanation(
    console_issuer: RunningIssuer, wallet_url: str
) -> None:
    base = console_issuer.url
    suffix = uuid.uuid4().hex[:8]
    programme_id = f"{DEMO_PROGRAMME}-{suffix}"
    programme = demo_programme_text().replace(DEMO_PROGRAMME, programme_id)
    rules = (
        demo_rule_set_text()
        .replace(DEMO_PROGRAMME, programme_id)
        .replace(DEMO_RULES, f"{DEMO_RULES}-{suffix}")
    )
    broken = rules.splitlines()
    broken[9] += " ]"  # line 10: a stray bracket
    broken_rules = "\n".join(broken) + "\n"

    async with browser() as officer, browser() as learner:
        # the rule set with a YAML error: said at its line as it is typed, refused on publish
        await sign_in(officer, base, "admin")
        await goto(officer, f"{base}/console/programmes")
        await _type(officer, "programme", programme)
        await _type(officer, "rule_set", broken_rules)
        said = await _check_says(officer, "rule_set", "line 10")
        assert "does not parse" in said
        assert "Valid" in await officer.text("programme-check")
        assert (
            await officer.eval("document.getElementById('rule_set').getAttribute('aria-invalid')")
            == "true"
        )
        await submit(officer, "publish")
        assert "not valid" in await alert(officer)
        assert "line 10" in await officer.text("rule_set-check")
        assert await officer.eval("document.getElementById('rule_set').value") == broken_rules
        assert await officer.eval("document.getElementById('programme').value") == programme

        # corrected, it checks out and is published
        await _type(officer, "rule_set", rules)
        await _check_says(officer, "rule_set", "Valid: 7 rules")
        await submit(officer, "publish")
        assert f"Published {programme_id} version 1" in await status(officer), await alert(officer)
        row = f'#programmes tr[data-programme="{programme_id}"]'
        # the next version starts from a copy of the published one, which checks out
        await goto(officer, await officer.eval(f"document.querySelector('{row} a').href"))
        copied = await officer.eval("document.getElementById('programme').value")
        assert f"id: {programme_id}" in copied
        await _check_says(officer, "rule_set", "Valid: 7 rules")

        # the learner's wallet; the centre certifies an outcome and makes a wallet offer
        did = await create_wallet_on_page(learner, wallet_url)
        await goto(officer, f"{base}/console/applications/new")
        await officer.fill("learner_did", did)
        await select(officer, "standard_code", "1X-WFED")
        await officer.fill("grade", "advanced")
        await officer.fill("result", "Pass")
        await submit(officer, "submit-application")
        number = re.search(r"Application (\d+)", await status(officer))
        assert number, await alert(officer)
        await goto(officer, f"{base}/console/applications")
        await officer.fill(f"comment-{number.group(1)}", "Certified.")
        await submit(officer, f"approve-{number.group(1)}")
        issued = re.search(r"credential (urn:uuid:[0-9a-f-]+)", await status(officer))
        assert issued, await alert(officer)
        credential_page = f"{base}/console/credentials/{issued.group(1)}"
        await goto(officer, credential_page)
        for _ in range(300):  # the batch anchors within its age limit (0.3 s here)
            if "anchored on chain" in await officer.text("fact-anchor"):
                break
            await goto(officer, credential_page)
        await submit(officer, "make-offer")
        link = await officer.eval("document.getElementById('offer-link').value")
        assert link.startswith("openid-credential-offer://"), await alert(officer)
        assert await officer.eval("document.querySelector('#offer-qr svg path') !== null")

        # the learner collects it and applies to the programme on the wallet page
        await learner.fill("offer", link)
        await learner.click("redeem")
        await learner.wait("document.querySelectorAll('#credentials tr').length === 1")
        await learner.fill("institution-url", base)
        await learner.fill("programme-id", programme_id)
        await learner.click("plan")
        await learner.wait("!document.getElementById('plan-out').classList.contains('hidden')")
        await learner.eval("document.querySelector('input.pick').checked = true")
        await learner.click("apply")
        await learner.wait(
            "document.getElementById('message').textContent.includes('credits proposed')"
        )

        # the officer sees the proposal explained rule by rule
        await goto(officer, f"{base}/console/conversions")
        card_id = await officer.eval(
            "Array.from(document.querySelectorAll('article.conversion'))"
            f".find(a => a.textContent.includes({json.dumps(programme_id)})).id"
        )
        number = card_id.removeprefix("conversion-")
        rules_shown = await officer.eval(
            f"Array.from(document.querySelectorAll('#explanation-{number} tr.rule'))"
            ".map(r => [r.dataset.rule, r.cells[1].textContent, r.cells[2].textContent])"
        )
        by_rule = {rule: (outcome, why) for rule, outcome, why in rules_shown}
        assert len(by_rule) == 7
        assert by_rule["wfed-exempts-web"][0] == "applied"
        assert by_rule["bdad-exempts-bigdata"][0] == "not-applicable"
        assert by_rule["bdad-exempts-bigdata"][1], "every rule says why"

        # a second officer has the same queue open, on a phone: it fits
        await sign_in(learner, base, "admin")
        await phone(learner)
        await goto(learner, f"{base}/console/conversions")
        assert await fits(learner), "the conversion queue with its explanation fits"
        assert await learner.eval(f"document.getElementById('{card_id}').dataset.status") == (
            "proposed"
        )

        # more than the rules allow is refused at the application, as typed, nothing recorded
        reason = "Web front-end certificate; the course's project part is not covered."
        await officer.fill(f"reason-{number}", reason)
        await officer.fill(f"keep-{number}-0", "7")
        await submit(officer, f"lower-{number}")
        card = f"document.getElementById('{card_id}')"
        said = await officer.eval(f"{card}.querySelector('[role=alert]').textContent")
        assert "at most 6.00 credits, not 7" in said
        assert await officer.eval(f"{card}.dataset.status") == "proposed"
        assert await officer.eval(f"document.getElementById('reason-{number}').value") == reason
        assert await officer.eval(f"document.getElementById('keep-{number}-0').value") == "7"

        # lowered within the rules, it is approved and recorded on chain
        await officer.fill(f"keep-{number}-0", "4.5")
        await submit(officer, f"lower-{number}")
        done = await status(officer)
        assert f"Conversion application {number} approved: 4.50 credits" in done, await alert(
            officer
        )
        assert "recorded on chain as 0x" in done

        await learner.fill(f"reason-{number}", "Not enough evidence.")
        await submit(learner, f"reject-{number}")
        assert "Application already decided" in await alert(learner)
        assert f"application {number} is approved" in await alert(learner)

        await goto(officer, f"{base}/console/conversions/report")
        assert await heading(officer) == "Conversions by programme"
        cells = await officer.eval(
            f"Array.from(document.querySelector('#report tr[data-programme=\"{programme_id}\"]')"
            ".cells).map(c => c.textContent)"
        )
        assert cells[1:] == ["0", "1", "0", "4.50"]

        # the college's pages fit a phone too
        await phone(officer)
        for path in ("/console/programmes", "/console/conversions?status=approved"):
            await goto(officer, base + path)
            assert await fits(officer), path
        await goto(officer, f"{base}/console/conversions/report")
        assert await fits(officer)
