"""The wallet service over HTTP on 127.0.0.1: sessions, redeem, account, share, backup."""

from __future__ import annotations

import asyncio
import json

import httpx

from node.credentials import verify_presentation
from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import decode_link


async def test_the_wallet_service(wallet_url: str, running_issuer: RunningIssuer) -> None:
    async with httpx.AsyncClient(base_url=wallet_url, timeout=120) as client:
        page = await client.get("/")
        assert page.status_code == 200 and "Credit Bank" in page.text
        assert "script-src 'sha256-" in page.headers["content-security-policy"]

        created = await client.post("/wallet", json={"passphrase": PASSPHRASE})
        assert created.status_code == 201, created.text
        did = created.json()["did"]
        again = await client.post("/wallet", json={"passphrase": PASSPHRASE})
        assert again.status_code == 409 and again.json()["code"] == "WALLET_EXISTS"

        wrong = await client.post("/wallet/unlock", json={"passphrase": "nope"})
        assert wrong.status_code == 401 and wrong.json()["code"] == "WRONG_PASSPHRASE"
        locked = await client.get("/account")
        assert locked.status_code == 401 and locked.json()["code"] == "WALLET_LOCKED"

        token = (await client.post("/wallet/unlock", json={"passphrase": PASSPHRASE})).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        assert token["did"] == did

        offer = await issue_offer(client, running_issuer, did, "1X-IFA", grade="advanced")
        redeemed = await client.post(
            "/offers/redeem", json={"offer": offer["offer"]["link"]}, headers=headers
        )
        assert redeemed.status_code == 200, redeemed.text
        assert redeemed.json()["kept"][0]["status"] == "valid"
        account = (await client.get("/account", headers=headers)).json()
        assert account["total_credits"] == "7" and account["by_field"] == {
            "accounting-finance": "7"
        }
        assert account["by_level"] == {"5": "7"}

        bad = await client.post("/offers/redeem", json={"offer": "x y"}, headers=headers)
        assert bad.status_code == 422 and bad.json()["code"] == "WALLET_OFFER_INVALID"

        credential_id = offer["issued"]["credential_id"]
        made = await client.post(
            "/presentations",
            json={
                "challenge": "c-123",
                "domain": "https://employer.example",
                "credential_ids": [credential_id],
                "verifier_url": "http://127.0.0.1:8002",
            },
            headers=headers,
        )
        assert made.status_code == 201, made.text
        body = made.json()
        # no verifier answers there to keep the package: the whole package travels in the link
        assert body["short_link"] is False and body["link"] == body["full_link"]
        assert decode_link(body["link"]) == body["package"]
        vp = body["package"]["verifiablePresentation"]
        assert (
            await verify_presentation(vp, challenge="c-123", domain="https://employer.example")
            == []
        )
        qr = await client.get(body["qr_url"], headers=headers)
        assert qr.status_code == 200 and qr.content.startswith(b"\x89PNG")
        unknown = await client.post(
            "/presentations",
            json={"challenge": "c", "domain": "d", "credential_ids": ["urn:uuid:nope"]},
            headers=headers,
        )
        assert unknown.status_code == 404

        backup = await client.post("/backup", headers=headers)
        assert backup.status_code == 200 and did.encode() not in backup.content
        restored = await client.post(
            "/restore",
            json={"passphrase": PASSPHRASE, "name": "copy", "backup": json.loads(backup.content)},
        )
        assert restored.status_code == 201 and restored.json()["did"] == did
        copy_headers = {"Authorization": f"Bearer {restored.json()['token']}"}
        copy = (await client.get("/account?refresh=false", headers=copy_headers)).json()
        assert copy["total_credits"] == "7"

        assert (await client.post("/wallet/lock", headers=headers)).status_code == 204
        after = await client.get("/account", headers=headers)
        assert after.status_code == 401


async def test_unlock_backs_off_after_wrong_passphrases_and_weak_ones_are_refused(
    wallet_url: str,
) -> None:
    async with httpx.AsyncClient(base_url=wallet_url, timeout=120) as client:
        weak = await client.post("/wallet", json={"name": "weak", "passphrase": "1"})
        assert weak.status_code == 422 and weak.json()["code"] == "WEAK_PASSPHRASE"
        samey = await client.post(
            "/wallet", json={"name": "weak", "passphrase": "aaaaaaaaaaaaaaaa"}
        )
        assert samey.json()["code"] == "WEAK_PASSPHRASE"
        created = await client.post("/wallet", json={"name": "guarded", "passphrase": PASSPHRASE})
        assert created.status_code == 201, created.text
        wrong = {"name": "guarded", "passphrase": "not the passphrase"}
        for _ in range(4):  # three are free, the fourth starts a one-second wait
            answer = await client.post("/wallet/unlock", json=wrong)
            assert answer.json()["code"] == "WRONG_PASSPHRASE"
        right = {"name": "guarded", "passphrase": PASSPHRASE}
        held = await client.post("/wallet/unlock", json=right)
        assert held.status_code == 429 and held.json()["code"] == "RATE_LIMITED"
        assert held.headers["retry-after"] == "1"
        other = await client.post("/wallet", json={"name": "other", "passphrase": PASSPHRASE})
        assert other.status_code == 201  # the back-off is per wallet
        await asyncio.sleep(1.1)
        opened = await client.post("/wallet/unlock", json=right)
        assert opened.status_code == 200, opened.text
        assert (await client.post("/wallet/unlock", json=wrong)).json()[
            "code"
        ] == "WRONG_PASSPHRASE"
