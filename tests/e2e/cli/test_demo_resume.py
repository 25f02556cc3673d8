"""The demo story resumes after an interruption at any step (issue 18).

``creditbank up`` used to fail with ``WalletExistsError`` when a story cut short was told
again. Here the story is stopped after each of its steps in turn, each run resuming the last,
and the one that runs through must tell the whole story once: four certified outcomes, one
conversion, a valid employer verdict, and nothing issued twice.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import httpx

from creditbank.cli.demo import (
    DEMO_PASSPHRASE,
    DEMO_STEPS,
    DEMO_WALLET,
    OUTCOMES,
    DemoStory,
    tell_demo_story,
)
from devnet import IpfsDaemon
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from wallet import Wallet, WalletSettings, WalletStore


class Interrupted(Exception):
    """Stands for the process dying right after a step."""


async def test_the_demo_resumes_after_every_step(
    running_issuer: RunningIssuer,
    verifier_url: str,
    wallet_settings: WalletSettings,
    ipfs_daemon: IpfsDaemon,
) -> None:
    # the demo's wallet checks credits against the catalogs, as `up` gives it its IPFS node
    wallet_settings = wallet_settings.model_copy(update={"ipfs_api": ipfs_daemon.api_url})
    stopped: list[str] = []
    story: DemoStory | None = None
    for step in (*DEMO_STEPS, None):

        def stop(name: str, step: str | None = step) -> None:
            if name == step:
                raise Interrupted(name)

        try:
            story = await tell_demo_story(
                running_issuer.url,
                running_issuer.admin_key,
                verifier_url,
                wallet_settings,
                interrupt=stop,
            )
        except Interrupted as exc:
            stopped.append(str(exc))
        else:
            assert step is None, f"the story ran through although asked to stop after {step}"
    assert stopped == list(DEMO_STEPS)
    assert story is not None and story.verdict == "valid"
    assert story.conversion_id.startswith("0x") and Decimal(story.converted_credits) == 24
    assert story.employer_credits == (
        "26 CB certified; converted apart: 24 CB into demo-college:programme/software-technology"
    )

    store = WalletStore(wallet_settings.wallets_folder, kdf_cost=wallet_settings.wallet_kdf_cost)
    wallet = await Wallet.open(store, DEMO_WALLET, DEMO_PASSPHRASE)
    account = wallet.account().to_json()
    assert len(account["credentials"]) == len(OUTCOMES) + 1
    assert account["total_credits"] == "26"
    assert account["by_programme"] == {"demo-college:programme/software-technology": "24"}
    certified = [c for c in account["credentials"] if c["class"] == "certified"]
    assert len(certified) == 4 and all(c["counted"] for c in certified)
    assert all("evcc:outcome-catalog v1 gives" in c["note"] for c in certified), certified

    # Nothing was issued twice: one credential per outcome, and one conversion credential.
    async with httpx.AsyncClient(timeout=60) as http:
        listed = await http.get(
            f"{running_issuer.url}/credentials",
            params={"learner_did": wallet.did},
            headers=auth(running_issuer.admin_key),
        )
    assert listed.status_code == 200, listed.text
    issued = Counter(row["standard_code"] for row in listed.json())
    assert all(issued[standard] == 1 for standard, _grade, _result in OUTCOMES), issued
    conversions = sum(n for code, n in issued.items() if code.startswith("CONVERSION"))
    assert conversions == 1 and sum(issued.values()) == len(OUTCOMES) + conversions, issued

    # Told once more, the story is re-told from what exists: nothing new is issued.
    again = await tell_demo_story(
        running_issuer.url, running_issuer.admin_key, verifier_url, wallet_settings
    )
    assert again.conversion_id == story.conversion_id and again.verdict == "valid"
    async with httpx.AsyncClient(timeout=60) as http:
        relisted = await http.get(
            f"{running_issuer.url}/credentials",
            params={"learner_did": wallet.did},
            headers=auth(running_issuer.admin_key),
        )
    assert len(relisted.json()) == len(OUTCOMES) + conversions
