"""The demo story ``creditbank up`` tells once, through the real services over HTTP.

A certification centre certifies a learner's 1+X certificates, military service and a skills
competition prize; the learner keeps them in a wallet; the college publishes its Software
Technology programme and rules; the learner applies, an officer approves, the conversion is
recorded on chain; an employer verifies everything on the verifier's page.

Every step can be taken again: a story cut short (the process died) resumes where it stopped
when ``creditbank up`` runs again. What is done is read back from the services and the wallet;
the one-time offer links the issuer hands out are noted beside the wallet (owner-only, like it)
before they are redeemed, so an offer answered but not yet redeemed is not lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from node.conversion.credential import claim_of
from node.conversion.demo import demo_programme_text, demo_rule_set_text
from node.documents import IpfsClient
from node.errors import ConflictError
from node.verification import CatalogReader
from wallet import Wallet, WalletSettings, WalletStore, open_registry, parse_offer
from wallet.checker import CredentialChecker, VerifierChecker
from wallet.conversion import apply_for_conversion
from wallet.sharing import share_link

__all__ = ["DEMO_STEPS", "DemoCannotResumeError", "DemoStory", "tell_demo_story"]

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


#: The story's steps in order; ``tell_demo_story(interrupt=…)`` is called after each one.
DEMO_STEPS = (
    "programme",
    "wallet",
    *(f"certify:{standard}" for standard, _grade, _result in OUTCOMES),
    "apply",
    "decide",
    "convert",
    "verify",
)


class DemoCannotResumeError(ConflictError):
    """The story stopped where the services cannot hand back what it needs."""

    code = "DEMO_CANNOT_RESUME"
    title = "The demo story cannot resume"


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
    #: the employer's credit summary in one line (empty in stories told before it existed)
    employer_credits: str = ""


def _credits_seen(summary: dict[str, Any]) -> str:
    """Certified totals per credit system, conversions apart, as the employer sees them."""
    certified = ", ".join(f"{v} {s}" for s, v in (summary.get("by_credit_system") or {}).items())
    converted = "; ".join(
        f"{entry['credits']} {entry.get('credit_system') or ''} into {programme}".replace("  ", " ")
        for programme, entry in (summary.get("by_programme") or {}).items()
    )
    return f"{certified or 'no'} certified; converted apart: {converted or 'none'}"


def _ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()


class _Progress:
    """Offer links noted before they are redeemed, so a crash after issuing loses none."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offers: dict[str, str] = (
            json.loads(path.read_text()).get("offers", {}) if path.is_file() else {}
        )

    def note(self, step: str, link: str) -> None:
        self.offers[step] = link
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.touch(mode=0o600)  # offers are secrets: whoever holds one gets the credential
        partial.write_text(json.dumps({"offers": self.offers}, indent=1))
        partial.replace(self.path)


async def _wallet(wallet_cfg: WalletSettings) -> Wallet:
    """The demo learner's wallet: opened if an earlier run made it, else made now."""
    store = WalletStore(wallet_cfg.wallets_folder, kdf_cost=wallet_cfg.wallet_kdf_cost)
    if store.exists(DEMO_WALLET):
        return await Wallet.open(store, DEMO_WALLET, DEMO_PASSPHRASE)
    return await Wallet.create(store, DEMO_WALLET, DEMO_PASSPHRASE)


def _held_standard(wallet: Wallet, standard: str) -> str | None:
    """The id of a certified (not converted) credential of ``standard`` the wallet keeps."""
    for held in wallet.held():
        achievement = (held.credential.get("credentialSubject") or {}).get("achievement") or {}
        if achievement.get("humanCode") == standard and claim_of(held.credential) is None:
            return held.id
    return None


def _held_conversion(wallet: Wallet) -> tuple[str, str, str] | None:
    """Credential id, conversion id and credits of the wallet's conversion into PROGRAMME."""
    for held in wallet.held():
        claim = claim_of(held.credential)
        if claim is not None and claim.programme == PROGRAMME:
            return held.id, claim.conversion_id, str(claim.credits)
    return None


async def _redeem(
    http: httpx.AsyncClient,
    issuer_url: str,
    admin: dict[str, str],
    wallet: Wallet,
    checker: CredentialChecker,
    link: str | None,
) -> bool:
    """Redeem a noted offer; False when there is none or it was used up already."""
    if link is None:
        return False
    try:
        _ok(await http.post(f"{issuer_url}/anchoring/flush", headers=admin))
        await wallet.receive(parse_offer(link), checker, http)
    except Exception:  # noqa: BLE001 - a used or expired offer: the caller takes the step again
        return False
    return True


async def _certify(
    http: httpx.AsyncClient,
    issuer_url: str,
    admin: dict[str, str],
    wallet: Wallet,
    checker: CredentialChecker,
    progress: _Progress,
    outcome: tuple[str, str | None, str],
) -> str:
    """One certified outcome in the wallet: kept already, redeemed from a noted offer, or issued."""
    standard, grade, result = outcome
    step = f"certify:{standard}"
    held = _held_standard(wallet, standard)
    if held is None and await _redeem(
        http, issuer_url, admin, wallet, checker, progress.offers.get(step)
    ):
        held = _held_standard(wallet, standard)
    if held is not None:
        return held
    issued = _ok(
        await http.post(
            f"{issuer_url}/issuance",
            json={"learner_did": wallet.did, "standard_code": standard, "grade": grade,
                  "result": result},
            headers=admin,
        )
    )  # fmt: skip
    progress.note(step, issued["offer"]["link"])
    _ok(await http.post(f"{issuer_url}/anchoring/flush", headers=admin))
    await wallet.receive(parse_offer(issued["offer"]["link"]), checker, http)
    return str(issued["issued"]["credential_id"])


async def _application(
    http: httpx.AsyncClient, issuer_url: str, admin: dict[str, str], learner: str
) -> dict[str, Any] | None:
    """The demo learner's latest application to PROGRAMME, if an earlier run made one."""
    listed = _ok(await http.get(f"{issuer_url}/conversions", headers=admin))
    mine = [a for a in listed if a["learner_did"] == learner and a["programme_id"] == PROGRAMME]
    return max(mine, key=lambda a: int(a["id"])) if mine else None


async def _convert(
    http: httpx.AsyncClient,
    issuer_url: str,
    admin: dict[str, str],
    wallet: Wallet,
    checker: CredentialChecker,
    progress: _Progress,
    ids: list[str],
    interrupt: Callable[[str], None],
) -> tuple[str, str, str]:
    """Apply, approve and keep the conversion credential, resuming whichever was done."""
    held = _held_conversion(wallet)
    if held is None and await _redeem(
        http, issuer_url, admin, wallet, checker, progress.offers.get("convert")
    ):
        held = _held_conversion(wallet)
    if held is not None:
        return held
    application = await _application(http, issuer_url, admin, wallet.did)
    if application is None or application["status"] == "rejected":
        application = await apply_for_conversion(wallet, http, issuer_url, PROGRAMME, ids)
    interrupt("apply")
    if application["status"] != "approved":
        decided = _ok(
            await http.post(
                f"{issuer_url}/conversions/{application['id']}/decision",
                json={"decision": "approve", "reason": "as the published rules propose"},
                headers=admin,
            )
        )
        progress.note("convert", decided["offer"]["link"])
        interrupt("decide")
    elif "convert" not in progress.offers:
        raise DemoCannotResumeError(
            f"conversion application {application['id']} was approved but its offer was lost; "
            "remove the demo-learner wallet and its .demo-progress file to start afresh"
        )
    _ok(await http.post(f"{issuer_url}/anchoring/flush", headers=admin))
    await wallet.receive(parse_offer(progress.offers["convert"]), checker, http)
    held = _held_conversion(wallet)
    if held is None:
        raise DemoCannotResumeError("the conversion credential did not reach the wallet")
    return held


def _no_interrupt(_step: str) -> None:
    """The story runs through (tests pass a hook that stops it after a step)."""


async def tell_demo_story(
    issuer_url: str,
    admin_key: str,
    verifier_url: str,
    wallet_cfg: WalletSettings,
    *,
    interrupt: Callable[[str], None] = _no_interrupt,
) -> DemoStory:
    """Run the story through the services, resuming a run that stopped, and summarise it."""
    admin = {"X-API-Key": admin_key}
    progress = _Progress(wallet_cfg.wallets_folder / f"{DEMO_WALLET}.demo-progress")
    async with (
        httpx.AsyncClient(timeout=120) as http,
        open_registry(wallet_cfg) as registry,
        IpfsClient(wallet_cfg.ipfs_api) as ipfs,
    ):
        listed = _ok(await http.get(f"{issuer_url}/programmes"))
        if not any(p["programme"]["id"] == PROGRAMME for p in listed):
            _ok(
                await http.post(
                    f"{issuer_url}/programmes",
                    json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
                    headers=admin,
                )
            )
        interrupt("programme")
        wallet = await _wallet(wallet_cfg)
        interrupt("wallet")
        checker = VerifierChecker(registry, CatalogReader(registry, ipfs))
        ids = []
        for outcome in OUTCOMES:
            ids.append(await _certify(http, issuer_url, admin, wallet, checker, progress, outcome))
            interrupt(f"certify:{outcome[0]}")
        converted, conversion_id, credits = await _convert(
            http, issuer_url, admin, wallet, checker, progress, ids, interrupt
        )
        interrupt("convert")
        asked = _ok(await http.post(f"{verifier_url}/challenges"))
        package = await wallet.present(
            [*ids, converted], challenge=asked["challenge"], domain=asked["domain"]
        )
        report = _ok(await http.post(f"{verifier_url}/packages/verify", json=package))
        # a second, unused challenge for the link the employer opens
        fresh = _ok(await http.post(f"{verifier_url}/challenges"))
        shared = await wallet.present(
            [*ids, converted], challenge=fresh["challenge"], domain=fresh["domain"]
        )
        # the verifier keeps the package, so the printed link is short enough to send
        link = (await share_link(http, verifier_url, shared)).link
        interrupt("verify")
    return DemoStory(
        wallet=DEMO_WALLET,
        passphrase=DEMO_PASSPHRASE,
        learner_did=wallet.did,
        conversion_id=conversion_id,
        converted_credits=credits,
        verdict=report["verdict"],
        verifier_link=link,
        employer_credits=_credits_seen(report.get("credit_summary") or {}),
    )
