"""Short share links: the wallet's link is short enough for a chat message or a QR code."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer


async def test_a_presentation_is_shared_by_a_short_link_that_opens_its_report(
    wallet_url: str, verifier_url: str, running_issuer: RunningIssuer
) -> None:
    async with (
        httpx.AsyncClient(base_url=wallet_url, timeout=120) as wallet,
        httpx.AsyncClient(timeout=120) as http,
    ):
        made = await wallet.post("/wallet", json={"name": "sharer", "passphrase": PASSPHRASE})
        token = made.json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        offer = await issue_offer(http, running_issuer, token["did"], "1X-WFED", grade="advanced")
        redeemed = await wallet.post(
            "/offers/redeem", json={"offer": offer["offer"]["link"]}, headers=headers
        )
        assert redeemed.status_code == 200, redeemed.text
        asked = (await http.post(f"{verifier_url}/challenges")).json()
        presented = await wallet.post(
            "/presentations",
            json={
                "challenge": asked["challenge"],
                "domain": asked["domain"],
                "credential_ids": [offer["issued"]["credential_id"]],
                "verifier_url": verifier_url,
            },
            headers=headers,
        )
        assert presented.status_code == 201, presented.text
        body = presented.json()
        assert body["short_link"] is True
        assert body["link"].startswith(f"{verifier_url}/?s=") and len(body["link"]) < 100
        assert len(body["full_link"]) > 2000  # what a learner had to send before
        qr = await wallet.get(body["qr_url"], headers=headers)
        assert qr.status_code == 200 and qr.content.startswith(b"\x89PNG")

        page = await http.get(body["link"])
        assert page.status_code == 200
        assert "valid" in page.text.lower() and "1X-WFED" in page.text

        gone = await http.get(f"{verifier_url}/?s=not-a-share")
        assert gone.status_code == 404 and "expired" in gone.text
        refused = await http.post(f"{verifier_url}/shares", json={"type": "Other"})
        assert refused.status_code == 422 and refused.json()["code"] == "INVALID_INPUT"
