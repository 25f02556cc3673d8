"""Signing in to the console, and the refusals: wrong password, stale form, expired session."""

from __future__ import annotations

from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import (
    PASSWORD,
    alert,
    browser,
    goto,
    heading,
    sign_in,
    sign_out,
    submit,
)


async def test_admin_signs_in_and_out(console_issuer: RunningIssuer) -> None:
    base = console_issuer.url
    async with browser() as page:
        await sign_in(page, base, "admin")
        assert await heading(page) == "Review queue", await alert(page)
        cookie = await page.send("Network.getCookies", urls=[base + "/console/"])
        session = next(c for c in cookie["cookies"] if c["name"] == "creditbank_console")
        assert session["httpOnly"] and session["sameSite"] == "Strict"
        assert await page.eval("document.cookie") == "", "the script cannot read the session"
        await sign_out(page)
        assert "signed out" in (await alert(page)).lower()
        await goto(page, f"{base}/console/applications")
        assert await heading(page) == "Sign in"
        assert "Sign in first" in await alert(page)


async def test_a_wrong_password_is_refused_with_a_message_and_the_name_kept(
    console_issuer: RunningIssuer,
) -> None:
    async with browser() as page:
        await sign_in(page, console_issuer.url, "admin", "not the password at all")
        assert await heading(page) == "Sign in"
        assert "Wrong name or password" in await alert(page)
        assert await page.eval("document.getElementById('name').value") == "admin"
        assert await page.eval("document.getElementById('password').value") == ""
        await sign_in(page, console_issuer.url, "admin", PASSWORD)
        assert await heading(page) == "Review queue"


async def test_a_form_from_an_earlier_session_is_refused(console_issuer: RunningIssuer) -> None:
    base = console_issuer.url
    async with browser() as page:
        await sign_in(page, base, "admin")
        await goto(page, f"{base}/console/applications/new")
        earlier = await page.eval(
            "document.querySelector('#new-application input[name=csrf]').value"
        )
        await sign_out(page)
        await sign_in(page, base, "admin")
        await goto(page, f"{base}/console/applications/new")
        await page.fill("learner_did", "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH")
        # the form as a tab left open since the earlier session would send it
        await page.eval(
            f"document.querySelector('#new-application input[name=csrf]').value = {earlier!r}"
        )
        await submit(page, "submit-application")
        assert "This form is out of date" in await alert(page)
        assert "earlier session" in await alert(page)
        assert await heading(page) == "New application", "the form is shown again"
        learner = await page.eval("document.getElementById('learner_did').value")
        assert learner.startswith("did:key:z6MkpTHR8"), "as it was typed"
