"""Learners' side of end-to-end tests: passphrase, checker, offers, first steps on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from node.chain import RegistryClient
from tests.e2e.browser import Page
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from wallet import CredentialChecker, VerifierChecker

PASSPHRASE = "correct horse battery staple"


def checker_factory() -> Callable[[RegistryClient], CredentialChecker]:
    """The shared ``node.verification.Verifier`` behind the wallet's seam."""
    return VerifierChecker


async def issue_offer(
    http: httpx.AsyncClient,
    issuer: RunningIssuer,
    did: str,
    standard: str,
    *,
    flush: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """Certify one outcome for ``did``, anchor it, and return the issuance answer."""
    issued = await http.post(
        f"{issuer.url}/issuance",
        json={"learner_did": did, "standard_code": standard, **extra},
        headers=auth(issuer.admin_key),
    )
    assert issued.status_code == 201, issued.text
    if flush:
        flushed = await http.post(f"{issuer.url}/anchoring/flush", headers=auth(issuer.admin_key))
        assert flushed.status_code == 200
    body: dict[str, Any] = issued.json()
    return body


async def create_wallet_on_page(page: Page, wallet_url: str) -> str:
    """Open the learner page, create a wallet with ``PASSPHRASE``; the wallet's DID."""
    await page.goto(wallet_url + "/")
    await page.fill("passphrase", PASSPHRASE)
    await page.click("create")
    await page.wait("!document.getElementById('wallet-sections').classList.contains('hidden')")
    return (await page.text("who")).split(" · ")[1]


async def redeem_on_page(page: Page, offer: dict[str, Any]) -> None:
    """Redeem an issuance answer's offer link on the page; wait for the first credential row."""
    await page.fill("offer", offer["offer"]["link"])
    await page.click("redeem")
    await page.wait("document.querySelectorAll('#credentials tr').length === 1")
