"""Short share links: the wallet's link is short enough for a chat message or a QR code."""

from __future__ import annotations

import time

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
                "share_days": 3,
            },
            headers=headers,
        )
        assert presented.status_code == 201, presented.text
        body = presented.json()
        assert body["short_link"] is True
        assert body["link"].startswith(f"{verifier_url}/p/") and len(body["link"]) < 100
        assert len(body["full_link"]) > 2000  # what a learner had to send before
        assert 2.9 * 86_400 < body["expires_at"] - time.time() <= 3 * 86_400
        qr = await wallet.get(body["qr_url"], headers=headers)
        assert qr.status_code == 200 and qr.content.startswith(b"\x89PNG")

        # verified afresh on every visit; the challenge was settled once, when it was shared
        for _ in range(2):
            page = await http.get(body["link"])
            assert page.status_code == 200
            assert "1X-WFED" in page.text and "challenge" in page.text
            assert "invalid" not in page.text.lower().split("verdict")[-1][:200]
        replay = await http.post(f"{verifier_url}/shares", json=body["package"])
        assert replay.status_code == 401  # its challenge is used up: no second share of it

        withdrawn = await wallet.delete(f"/presentations/{body['id']}/share", headers=headers)
        assert withdrawn.status_code == 204, withdrawn.text
        gone = await http.get(body["link"])
        assert gone.status_code == 404 and "withdrew" in gone.text

        unknown = await http.get(f"{verifier_url}/p/not-a-share")
        assert unknown.status_code == 404 and "no such link" in unknown.text
        refused = await http.post(f"{verifier_url}/shares", json={"type": "Other"})
        assert refused.status_code == 422 and refused.json()["code"] == "INVALID_INPUT"
