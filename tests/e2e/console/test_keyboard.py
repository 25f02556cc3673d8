"""The console with the keyboard only: Tab to reach each control, type, Enter to act.

Keys go through the DevTools input domain as a keyboard would send them; nothing is clicked
and no value is set by script.
"""

from __future__ import annotations

import re

from node.credentials import did_key, generate_key
from tests.e2e.browser import Page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import PASSWORD, alert, browser, goto, heading, status

_KEYS = {"Tab": 9, "Enter": 13}


async def press(page: Page, key: str) -> None:
    """One key press (down and up)."""
    extra = {"text": "\r"} if key == "Enter" else {}
    code = _KEYS[key]
    await page.send(
        "Input.dispatchKeyEvent", type="keyDown", key=key, code=key,
        windowsVirtualKeyCode=code, **extra,
    )  # fmt: skip
    await page.send(
        "Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code
    )


async def tab_to(page: Page, element_id: str, most: int = 80) -> int:
    """Press Tab until ``element_id`` has the focus; how many presses it took."""
    for count in range(1, most + 1):
        await press(page, "Tab")
        if await page.eval(f"document.activeElement?.id === {element_id!r}"):
            return count
    raise AssertionError(f"{element_id} cannot be reached with Tab")


async def type_text(page: Page, text: str) -> None:
    """Type into the focused control."""
    await page.send("Input.insertText", text=text)


async def enter_and_wait(page: Page) -> None:
    """Press Enter on the focused control and wait for the page it leads to."""
    await page.eval("window.__before_submit = true")
    await press(page, "Enter")
    await page.wait("!window.__before_submit && document.readyState === 'complete'")


async def focus_is_visible(page: Page) -> bool:
    """The focused control shows an outline."""
    return bool(await page.eval("getComputedStyle(document.activeElement).outlineStyle !== 'none'"))


async def test_sign_in_submit_and_approve_with_the_keyboard_only(
    console_issuer: RunningIssuer,
) -> None:
    base = console_issuer.url
    learner = did_key(generate_key())
    async with browser() as page:
        await goto(page, f"{base}/console/sign-in")
        await press(page, "Tab")
        assert await page.eval("document.activeElement.textContent") == "Skip to content"
        await tab_to(page, "name")
        assert await focus_is_visible(page)
        await type_text(page, "admin")
        await tab_to(page, "password")
        await type_text(page, PASSWORD)
        await enter_and_wait(page)
        assert await heading(page) == "Review queue", await alert(page)

        # to "New application" through the navigation
        for _ in range(40):
            await press(page, "Tab")
            if await page.eval("document.activeElement.textContent === 'New application'"):
                break
        await enter_and_wait(page)
        assert await heading(page) == "New application"
        await tab_to(page, "learner_did")
        await type_text(page, learner)
        await tab_to(page, "grade")  # the standard stays the first one, 1X-WFED
        await type_text(page, "primary")
        await tab_to(page, "evidence_narrative")
        await type_text(page, "Typed without a mouse.")
        await tab_to(page, "submit-application")
        assert await focus_is_visible(page)
        await enter_and_wait(page)
        found = re.search(r"Application (\d+) submitted", await status(page))
        assert found, await alert(page)
        number = found.group(1)

        await goto(page, f"{base}/console/applications")
        await tab_to(page, f"comment-{number}", most=400)
        await type_text(page, "Checked with the keyboard.")
        await tab_to(page, f"approve-{number}")
        await enter_and_wait(page)
        assert f"Application {number} approved" in await status(page), await alert(page)
