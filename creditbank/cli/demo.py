"""The demo story ``creditbank up`` tells once, through the real services over HTTP.

A certification centre certifies a learner's 1+X certificates, military service and a skills
competition prize; the learner keeps them in a wallet; the college publishes its Software
Technology programme and rules; the learner applies, an officer approves, the conversion is
recorded on chain; an employer verifies everything on the verifier's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from node.conversion.demo import demo_programme_text, demo_rule_set_text
from node.credentials.packages import package_link
from wallet import Wallet, WalletSettings, WalletStore, open_registry, parse_offer
from wallet.checker import VerifierChecker
from wallet.conversion import apply_for_conversion

__all__ = ["DemoStory", "tell_demo_story"]

DEMO_WALLET = "demo-learner"
DEMO_PASSPHRASE = "demo learner passphrase"  # noqa: S105 - printed for the demo on purpose
PROGRAMME = "demo-college:programme/software-technology"
OUTCOMES = (
    ("1X-WFED", "intermediate", "Web front-end development, intermediate"),
    ("1X-BDAD", "primary", "Big-data application development, primary"),
    ("MIL-SERVICE", None, "Two years of military service"),
    (
        "AWD-NVCSC-CLOUD",
        "first-prize",
        "National vocational skills competition, cloud, first prize",
    ),
)


@dataclass(frozen=True)
class DemoStory:
    """What the story made, for the closing summary."""

    wallet: str
    passphrase: str
    learner_did: str
    conversion_id: str
    converted_credits: str
    verdict: str
    verifier_link: str


def _ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()


async def tell_demo_story(
    issuer_url: str, admin_key: str, verifier_url: str, wallet_cfg: WalletSettings
) -> DemoStory:
    """Run the story through the services and return its summary."""
    admin = {"X-API-Key": admin_key}
    async with httpx.AsyncClient(timeout=120) as http, open_registry(wallet_cfg) as registry:
        listed = _ok(await http.get(f"{issuer_url}/programmes"))
        if not any(p["programme"]["id"] == PROGRAMME for p in listed):
            _ok(
                await http.post(
                    f"{issuer_url}/programmes",
                    json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
                    headers=admin,
                )
            )
        store = WalletStore(wallet_cfg.wallets_folder, kdf_cost=wallet_cfg.wallet_kdf_cost)
        wallet = await Wallet.create(store, DEMO_WALLET, DEMO_PASSPHRASE)
        checker = VerifierChecker(registry)
        ids = []
        for standard, grade, result in OUTCOMES:
            issued = _ok(
                await http.post(
                    f"{issuer_url}/issuance",
                    json={"learner_did": wallet.did, "standard_code": standard, "grade": grade,
                          "result": result},
                    headers=admin,
                )
            )  # fmt: skip
            ids.append(issued["issued"]["credential_id"])
            _ok(await http.post(f"{issuer_url}/anchoring/flush", headers=admin))
            await wallet.receive(parse_offer(issued["offer"]["link"]), checker, http)
        application = await apply_for_conversion(wallet, http, issuer_url, PROGRAMME, ids)
        decided = _ok(
            await http.post(
                f"{issuer_url}/conversions/{application['id']}/decision",
                json={"decision": "approve", "reason": "as the published rules propose"},
                headers=admin,
            )
        )
        _ok(await http.post(f"{issuer_url}/anchoring/flush", headers=admin))
        await wallet.receive(parse_offer(decided["offer"]["link"]), checker, http)
        asked = _ok(await http.post(f"{verifier_url}/challenges"))
        package = await wallet.present(
            [*ids, decided["credential_id"]], challenge=asked["challenge"], domain=asked["domain"]
        )
        report = _ok(await http.post(f"{verifier_url}/packages/verify", json=package))
        # a second, unused challenge for the link the employer opens
        fresh = _ok(await http.post(f"{verifier_url}/challenges"))
        shared = await wallet.present(
            [*ids, decided["credential_id"]], challenge=fresh["challenge"], domain=fresh["domain"]
        )
    story = DemoStory(
        wallet=DEMO_WALLET,
        passphrase=DEMO_PASSPHRASE,
        learner_did=wallet.did,
        conversion_id=decided["conversion_id"],
        converted_credits=decided["decision"]["total"],
        verdict=report["verdict"],
        verifier_link=package_link(verifier_url, shared, compressed=True),
    )
    return story
