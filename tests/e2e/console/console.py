"""Driving the console in Chromium as an operator would: forms, buttons, what the page says."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from typer.testing import CliRunner

from creditbank.cli import app
from tests.e2e.browser import Page, chromium_page

#: Passwords the tests give operators (12+ characters, 5+ distinct).
PASSWORD = "console pass phrase 17"


def unique(name: str) -> str:
    """Operator names are unique per issuer, and the session issuer is shared."""
    return f"{name}-{uuid.uuid4().hex[:6]}"


def set_password_by_cli(url: str, admin_key: str, name: str, password: str = PASSWORD) -> None:
    """The first administrator's password, the one way there is: ``creditbank issuer``."""
    runner = CliRunner(
        env={
            "CREDITBANK_ISSUER_URL": url,
            "CREDITBANK_API_KEY": admin_key,
            "CREDITBANK_OPERATOR_PASSWORD": password,
        }
    )
    result = runner.invoke(app, ["issuer", "set-password", name])
    assert result.exit_code == 0, result.output


@asynccontextmanager
async def browser() -> AsyncIterator[Page]:
    """A fresh headless Chromium (its own cookies)."""
    async with chromium_page() as page:
        yield page


async def submit(page: Page, button_id: str) -> None:
    """Press a form's button and wait for the page it leads to."""
    await page.eval("window.__before_submit = true")
    await page.click(button_id)
    await page.wait("!window.__before_submit && document.readyState === 'complete'")


async def goto(page: Page, url: str) -> None:
    """Open a URL and wait until the new page has loaded."""
    await page.eval("window.__before_submit = true")
    await page.send("Page.navigate", url=url)
    await page.wait("!window.__before_submit && document.readyState === 'complete'")


async def sign_in(page: Page, base: str, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form."""
    await goto(page, f"{base}/console/sign-in")
    await page.fill("name", name)
    await page.fill("password", password)
    await submit(page, "sign-in")


async def sign_out(page: Page) -> None:
    """Sign out with the button every page has."""
    await submit(page, "sign-out")


async def alert(page: Page) -> str:
    """The text of the page's problem message (empty when there is none)."""
    return str(
        await page.eval(
            "Array.from(document.querySelectorAll('[role=alert]'))"
            ".map(n => n.textContent).join(' | ')"
        )
    )


async def status(page: Page) -> str:
    """The text of the page's success message (empty when there is none)."""
    return str(await page.eval("document.querySelector('[role=status]')?.textContent || ''"))


async def select(page: Page, element_id: str, value: str) -> None:
    """Choose an option of a select, as a keyboard user would."""
    await page.eval(
        f"document.getElementById({json.dumps(element_id)}).value = {json.dumps(value)}"
    )


async def heading(page: Page) -> str:
    """The page's title as it shows it."""
    return str(await page.eval("document.querySelector('h1')?.textContent || ''"))


async def add_operator(
    page: Page, base: str, name: str, role: str, fields: str = "", password: str = PASSWORD
) -> None:
    """As an administrator: add an operator with a console password on the Operators page."""
    await goto(page, f"{base}/console/operators")
    await page.fill("op_name", name)
    await select(page, "role", role)
    await page.fill("fields", fields)
    await page.fill("new_password", password)
    await submit(page, "save-operator")
    assert f"Operator {name} added" in await status(page), await alert(page)


#: The phone-sized viewport the consoles must fit.
PHONE_WIDTH = 390


async def phone(page: Page) -> None:
    """Make the tab a 390-pixel-wide phone screen."""
    await page.send(
        "Emulation.setDeviceMetricsOverride",
        width=PHONE_WIDTH,
        height=844,
        deviceScaleFactor=3,
        mobile=True,
    )


async def fits(page: Page) -> bool:
    """The page is no wider than the phone's viewport (measured in the browser)."""
    scroll, inner = await page.eval("[document.documentElement.scrollWidth, window.innerWidth]")
    return bool(inner == PHONE_WIDTH and scroll <= inner)
