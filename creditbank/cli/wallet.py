"""``creditbank wallet``: the learner's wallet on this machine, without the wallet server."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.table import Table

from creditbank.cli.common import console, run
from creditbank.cli.listing import JSON_OPTION, Column, ListingCommand, print_rows
from node.chain import RegistryReader
from node.documents import IpfsClient
from node.log import configure_logging
from node.verification import CatalogReader
from wallet import (
    CredentialChecker,
    VerifierChecker,
    Wallet,
    WalletSettings,
    WalletStore,
    open_registry,
    package_link,
    parse_offer,
    qr_png,
)
from wallet.conversion import apply_for_conversion, plan_programme

__all__ = ["make_checker", "wallet_app"]

wallet_app = typer.Typer(help="Create a wallet, receive, account, present, back up and restore.")


def make_checker(registry: RegistryReader, ipfs: IpfsClient) -> CredentialChecker:
    """How commands check credentials: as the verifier does, with the catalogs in force on IPFS.

    So the CLI's certified credits count by the same rule as the wallet page's and the
    employer's report.
    """
    return VerifierChecker(registry, CatalogReader(registry, ipfs))


_NAME = typer.Option(None, "--name", envvar="CREDITBANK_WALLET_NAME", help="wallet name")
_PASSPHRASE_ENV = "CREDITBANK_WALLET_PASSPHRASE"


def _say(text: str) -> None:
    """Print plainly: a DID's ``:key:`` must not become an emoji, nor ``[...]`` markup."""
    console.print(text, emoji=False, markup=False, highlight=False, soft_wrap=True)


def _settings(name: str | None) -> WalletSettings:
    configure_logging("WARNING")
    cfg = WalletSettings()
    return cfg.model_copy(update={"wallet_name": name}) if name else cfg


def _store(cfg: WalletSettings) -> WalletStore:
    return WalletStore(cfg.wallets_folder, kdf_cost=cfg.wallet_kdf_cost)


def _passphrase(*, confirm: bool = False) -> str:
    """From ``CREDITBANK_WALLET_PASSPHRASE``, else asked without echo."""
    value = os.environ.get(_PASSPHRASE_ENV)
    if value:
        return value
    answer: str = typer.prompt("Wallet passphrase", hide_input=True, confirmation_prompt=confirm)
    return answer


async def _open(cfg: WalletSettings) -> Wallet:
    return await Wallet.open(_store(cfg), cfg.wallet_name, _passphrase())


@wallet_app.command()
def create(name: str | None = _NAME) -> None:
    """Make a new did:key and an empty wallet encrypted under your passphrase."""
    cfg = _settings(name)
    wallet = run(Wallet.create(_store(cfg), cfg.wallet_name, _passphrase(confirm=True)))
    _say(f"created wallet {cfg.wallet_name}: {wallet.did}")


@wallet_app.command()
def receive(
    offer: str = typer.Argument(..., help="openid-credential-offer:// link or offer code"),
    issuer: str | None = typer.Option(None, help="issuer URL, needed with a bare code"),
    tx_code: str | None = typer.Option(
        None, "--tx-code", help="the transaction code the issuer gave you apart from the offer"
    ),
    name: str | None = _NAME,
) -> None:
    """Redeem an offer; keep only credentials that verify against the chain."""
    cfg = _settings(name)

    async def go() -> None:
        wallet = await _open(cfg)
        parsed = parse_offer(offer, issuer)
        if tx_code is not None:
            parsed = replace(parsed, tx_code=tx_code)
        async with (
            open_registry(cfg) as registry,
            httpx.AsyncClient(timeout=cfg.http_timeout_seconds) as http,
            IpfsClient(cfg.ipfs_api) as ipfs,
        ):
            result = await wallet.receive(parsed, make_checker(registry, ipfs), http)
        for held in result.kept:
            _say(f"kept {held.id} ({held.label})")
        for refusal in result.refused:
            _say(f"refused {refusal.id}: {'; '.join(refusal.reasons)}")

    run(go())


def _table(title: str, totals: dict[str, str]) -> Table:
    table = Table(title=title)
    table.add_column(title.split()[-1])
    table.add_column("credits", justify="right")
    for key, value in totals.items():
        table.add_row(key, value)
    return table


_ACCOUNT_COLUMNS = (
    Column("id", "id", whole=True),
    Column("standard_code", "standard"),
    Column("name", "name"),
    Column("credits", "credits"),
    Column("status", "status"),
    Column("class", "counts as"),
)


@wallet_app.command(cls=ListingCommand)
def account(
    offline: bool = typer.Option(False, help="skip re-checking statuses on the chain"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = typer.Option(
        False, "--csv", help="print the credentials as CSV (every field, one row each)"
    ),
    name: str | None = _NAME,
) -> None:
    """Certified credits by field, level, credit system and type; each credential's status."""
    cfg = _settings(name)

    async def go() -> dict[str, Any]:
        wallet = await _open(cfg)
        if not offline:
            async with (
                open_registry(cfg) as registry,
                httpx.AsyncClient(timeout=cfg.http_timeout_seconds) as http,
                IpfsClient(cfg.ipfs_api) as ipfs,
            ):
                await wallet.refresh(make_checker(registry, ipfs), http)
        return wallet.account().to_json()

    summary = run(go())
    if as_json and not as_csv:
        sys.stdout.write(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
        return
    if as_csv:
        print_rows(summary["credentials"], _ACCOUNT_COLUMNS, as_json=as_json, as_csv=True)
        return
    _say(f"{summary['did']}: {summary['total_credits']} certified credits")
    for key, title in (
        ("by_field", "credits by field"),
        ("by_level", "credits by level"),
        ("by_credit_system", "credits by system"),
        ("by_outcome_type", "credits by outcome type"),
        ("by_programme", "converted credits (never in the totals above) by programme"),
    ):
        console.print(_table(title, summary[key]))
    print_rows(summary["credentials"], _ACCOUNT_COLUMNS, as_json=False, as_csv=False,
               title="credentials")  # fmt: skip
    for line in summary["credentials"]:
        if not line["counted"]:
            _say(f"not counted: {line['id']}: {line['note']}")


@wallet_app.command()
def present(
    challenge: str = typer.Option(..., help="the verifier's challenge"),
    domain: str = typer.Option(..., help="the verifier's domain"),
    credential: list[str] = typer.Option(..., help="credential id to disclose (repeatable)"),
    out: Path = typer.Option(..., help="write the presentation package here (JSON)"),
    verifier_url: str | None = typer.Option(None, help="print a link to this verifier's page"),
    qr: Path | None = typer.Option(None, help="also write the link as a QR code PNG"),
    name: str | None = _NAME,
) -> None:
    """Sign a presentation of the chosen credentials, with their receipts, for one verifier."""
    cfg = _settings(name)
    ids: Sequence[str] = credential

    async def go() -> tuple[dict[str, object], str, bytes | None]:
        wallet = await _open(cfg)
        package = await wallet.present(ids, challenge=challenge, domain=domain)
        base = verifier_url or cfg.verifier_url
        link = package_link(base, package)
        image = qr_png(package_link(base, package, compressed=True)) if qr is not None else None
        return package, link, image

    package, link, image = run(go())
    out.write_text(json.dumps(package, indent=2))
    _say(f"wrote {out} ({len(ids)} credentials)")
    if verifier_url:
        _say(link)
    if qr is not None and image is not None:
        qr.write_bytes(image)
        _say(f"wrote {qr}")


@wallet_app.command()
def backup(file: Path = typer.Argument(...), name: str | None = _NAME) -> None:
    """Write the whole wallet as one encrypted file (the same passphrase restores it)."""
    cfg = _settings(name)

    async def go() -> bytes:
        return await (await _open(cfg)).backup()

    data = run(go())
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    _say(f"wrote {file}")


@wallet_app.command()
def restore(file: Path = typer.Argument(...), name: str | None = _NAME) -> None:
    """Restore a backup file as this wallet (never over an existing one)."""
    cfg = _settings(name)
    data = file.read_bytes()
    wallet = run(Wallet.restore(_store(cfg), cfg.wallet_name, data, _passphrase()))
    _say(f"restored wallet {cfg.wallet_name}: {wallet.did}, {len(wallet.held())} credentials")


_INSTITUTION = typer.Option(..., "--institution", help="the college's service URL")
_PROGRAMME = typer.Option(..., "--programme", help="the programme id the college publishes")


@wallet_app.command()
def apply(
    credential: list[str] = typer.Option(..., help="credential id to convert (repeatable)"),  # noqa: B008
    institution: str = _INSTITUTION,
    programme: str = _PROGRAMME,
    name: str | None = _NAME,
) -> None:
    """Apply to convert credentials into a college programme; prints the proposed decision."""
    cfg = _settings(name)

    async def go() -> dict[str, Any]:
        wallet = await _open(cfg)
        async with httpx.AsyncClient(timeout=cfg.http_timeout_seconds) as http:
            return await apply_for_conversion(wallet, http, institution, programme, credential)

    answer = run(go())
    proposal = answer["proposal"]
    _say(f"application {answer['id']}: {proposal['total']} credits proposed, awaiting an officer")
    for result in proposal["results"]:
        _say(f"  {result['rule']}: {result['status']} ({result['reason']})")


@wallet_app.command()
def plan(
    institution: str = _INSTITUTION,
    programme: str = _PROGRAMME,
    catalog_from: list[str] = typer.Option(  # noqa: B008
        [], help="a certification centre URL whose catalog to search (repeatable)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    name: str | None = _NAME,
) -> None:
    """What your credentials cover in a programme, and which outcomes would cover the rest."""
    cfg = _settings(name)

    async def go() -> dict[str, Any]:
        wallet = await _open(cfg)
        async with httpx.AsyncClient(timeout=cfg.http_timeout_seconds) as http:
            found = await plan_programme(
                wallet, http, institution, programme, catalog_from or [institution]
            )
        return found.to_json()

    answer = run(go())
    if as_json:
        console.print_json(json.dumps(answer))
        return
    _say(
        f"{answer['programme_name']}: {answer['converted_credits']} of {answer['total_credits']} "
        f"credits covered; {answer['credits_to_study']} to study"
    )
    for course, rule in answer["covered"].items():
        _say(f"  covered   {course} (rule {rule})")
    for course, options in answer["remaining"].items():
        hint = ", ".join(f"{o['standard']} {o['grade'] or ''}".strip() for o in options)
        _say(f"  remaining {course}" + (f": would be covered by {hint}" if hint else ": study it"))
    for pool, state in answer["pools"].items():
        hint = ", ".join(o["standard"] for o in state["options"])
        _say(
            f"  pool      {pool}: {state['filled']} of {state['max']}"
            + (f"; {hint}" if hint else "")
        )
