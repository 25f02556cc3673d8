"""``creditbank governance``: a consortium member's desk, as a client of its own service.

The member's key stays in the governance service's keystore: these commands send requests
with an operator key, and only ``serve``, ``import-key`` and ``add-operator`` touch the data dir.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import typer
import uvicorn
from rich.table import Table

from creditbank.cli.common import console, err_console, settings
from governance.apikeys import OperatorKeys
from governance.settings import GovernanceSettings
from node.keystore import Keystore
from node.log import logging_config

__all__ = ["governance_app"]

governance_app = typer.Typer(
    help="Propose and approve accreditations, govern governors and quorum, publish the "
    "framework, vote validators: as one consortium member, with its own key."
)

_URL = typer.Option(None, envvar="CREDITBANK_GOVERNANCE_URL", help="governance service URL")
_KEY = typer.Option(None, envvar="CREDITBANK_GOVERNANCE_API_KEY", help="operator API key")


def _settings() -> GovernanceSettings:
    settings()  # configures logging
    return GovernanceSettings()


def _client(url: str | None, key: str | None) -> httpx.Client:
    """An HTTP client for the member's desk; the local admin key is the default here."""
    cfg = _settings()
    if key is None:
        key_file = OperatorKeys(cfg.data_dir).admin_key_file
        key = key_file.read_text().strip() if key_file.is_file() else None
    return httpx.Client(
        base_url=url or cfg.governance_public_url, headers={"X-API-Key": key or ""}, timeout=600
    )


def _answer(response: httpx.Response) -> Any:
    """The JSON body, or the refusal in words with a non-zero exit."""
    if response.status_code >= 400:
        try:
            problem = response.json()
            said = f"{problem.get('title')}: {problem.get('detail')}"
            err_console.print(f"[bold red]{problem.get('code')}[/] {said}")
        except ValueError:
            err_console.print(f"[bold red]HTTP {response.status_code}[/] {response.text[:200]}")
        raise typer.Exit(2)
    return response.json()


def _said(body: dict[str, Any]) -> None:
    console.print(body["words"])


@governance_app.command()
def serve(
    port: int | None = typer.Option(None, help="default: CREDITBANK_GOVERNANCE_PORT"),
) -> None:
    """Serve this member's governance desk on the bind host (loopback by default)."""
    from governance.app import create_app

    cfg = _settings()
    uvicorn.run(
        create_app(cfg),
        host=cfg.bind_host,
        port=port or cfg.governance_port,
        log_level="info",
        log_config=logging_config("INFO"),
    )


@governance_app.command("import-key")
def import_key(
    key_file: Path = typer.Argument(..., help="file holding the member's private key, hex"),
    name: str | None = typer.Option(None, help="default: CREDITBANK_GOVERNANCE_KEY_NAME"),
) -> None:
    """Put the member's own key into its encrypted keystore (the file can then be removed)."""
    cfg = _settings()
    keystore = Keystore(cfg.data_dir / "keys", cfg.keystore_passphrase.get_secret_value())
    raw = bytes.fromhex(key_file.read_text().strip().removeprefix("0x"))
    account = keystore.create(name or cfg.governance_key_name, raw)
    console.print(f"key {name or cfg.governance_key_name} imported: account {account.address}")


@governance_app.command("add-operator")
def add_operator(name: str) -> None:
    """Allow one more person to act through this member's desk; prints its key once."""
    key = OperatorKeys(_settings().data_dir).create(name)
    console.print(f"operator {name}: {key}")


@governance_app.command()
def members(url: str | None = _URL, key: str | None = _KEY) -> None:
    """This member, its role, the governors and the quorum."""
    with _client(url, key) as client:
        body = _answer(client.get("/members"))
    console.print(f"member {body['member']} ({body['role']}); quorum {body['quorum']}")
    for governor in body["governors"]:
        console.print(f"  governor {governor}")


@governance_app.command()
def accreditations(
    as_json: bool = typer.Option(False, "--json"), url: str | None = _URL, key: str | None = _KEY
) -> None:
    """Every accredited account: role, status, scope and window."""
    with _client(url, key) as client:
        rows = _answer(client.get("/accreditations"))
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table("account", "role", "status", "scope", "valid")
    for row in rows:
        table.add_row(
            row["account"], row["role"], row["status"], row["scope"],
            f"{row['valid_from']} to {row['valid_until']}",
        )  # fmt: skip
    console.print(table)


@governance_app.command()
def proposals(
    every: bool = typer.Option(False, "--all", help="also executed, lapsed and stale ones"),
    as_json: bool = typer.Option(False, "--json"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Pending proposals in words: who approved, who rejected, what is still needed."""
    with _client(url, key) as client:
        rows = _answer(client.get("/proposals", params={"pending": str(not every).lower()}))
    if as_json:
        console.print_json(json.dumps(rows))
        return
    if not rows:
        console.print("no proposal is waiting")
    for row in rows:
        console.print(f"[bold]#{row['id']}[/] ({row['state']}) {row['words']}")
        console.print(f"  approved by {', '.join(row['approved_by']) or 'nobody'}")
        for governor, said in row["rejected_by"].items():
            console.print(f"  rejected by {governor}: {said['reason']}")
        console.print(f"  {row['needed']}")
        for warning in row["warnings"]:
            console.print(f"  [red]{warning}[/]")


@governance_app.command("propose-accreditation")
def propose_accreditation(
    account: str = typer.Option(..., help="the centre's Ethereum account"),
    did: str = typer.Option(..., help="the DID it signs with"),
    field: list[str] = typer.Option(..., help="field code or id (repeat)"),
    outcome_type: list[str] = typer.Option(..., help="outcome type code or id (repeat)"),
    max_level: int = typer.Option(..., help="highest framework level"),
    until: str = typer.Option(..., help="last valid day, YYYY-MM-DD"),
    since: str | None = typer.Option(None, "--from", help="first valid day (default today)"),
    can_convert: bool = typer.Option(False, help="may record credit conversions"),
    branch: bool = typer.Option(False, help="a branch centre, which accredits issuers"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Accredit a centre: a proposal as a governor, a direct accreditation as a branch centre."""
    body = {
        "account": account,
        "did": did,
        "fields": [int(f) if f.isdigit() else f for f in field],
        "outcome_types": [int(t) if t.isdigit() else t for t in outcome_type],
        "max_level": max_level,
        "can_convert": can_convert,
        "valid_from": date.fromisoformat(since).isoformat() if since else None,
        "valid_until": date.fromisoformat(until).isoformat(),
        "branch": branch,
    }
    with _client(url, key) as client:
        _said(_answer(client.post("/proposals/accreditations", json=body)))


@governance_app.command()
def approve(proposal_id: int, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Approve a proposal with this member's key."""
    with _client(url, key) as client:
        _said(_answer(client.post(f"/proposals/{proposal_id}/approve")))


@governance_app.command()
def reject(
    proposal_id: int,
    reason: str = typer.Option(..., help="why"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Record this member's no to a proposal, with its reason."""
    with _client(url, key) as client:
        _said(_answer(client.post(f"/proposals/{proposal_id}/reject", json={"reason": reason})))


def _status(account: str, change: str, url: str | None, key: str | None) -> None:
    with _client(url, key) as client:
        _said(_answer(client.post(f"/accreditations/{account}/{change}")))


@governance_app.command()
def suspend(account: str, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Suspend an accreditation: its new batches are refused until reinstated."""
    _status(account, "suspend", url, key)


@governance_app.command()
def reinstate(account: str, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Lift a suspension."""
    _status(account, "reinstate", url, key)


@governance_app.command()
def withdraw(account: str, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Withdraw an accreditation for good."""
    _status(account, "withdraw", url, key)


@governance_app.command("add-governor")
def add_governor(account: str, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Propose a new governor."""
    with _client(url, key) as client:
        _said(_answer(client.post("/governors", json={"account": account})))


@governance_app.command("remove-governor")
def remove_governor(account: str, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Propose removing a governor."""
    with _client(url, key) as client:
        _said(_answer(client.delete(f"/governors/{account}")))


@governance_app.command()
def quorum(approvals: int, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Propose a new quorum."""
    with _client(url, key) as client:
        _said(_answer(client.post("/quorum", json={"quorum": approvals})))


@governance_app.command("publish-framework")
def publish_framework(path: Path, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Publish a qualification framework version (JSON): content to IPFS, digest on chain."""
    with _client(url, key) as client:
        body = _answer(
            client.post(
                "/frameworks",
                content=path.read_bytes(),
                headers={"content-type": "application/json"},
            )
        )
    _said(body)
    console.print(f"ipfs://{body['cid']} digest {body['digest']}")


@governance_app.command()
def validators(url: str | None = _URL, key: str | None = _KEY) -> None:
    """The validators this member's node counts."""
    with _client(url, key) as client:
        body = _answer(client.get("/validators"))
    for validator in body["validators"]:
        console.print(validator)


@governance_app.command("vote-validator")
def vote_validator(
    address: str,
    out: bool = typer.Option(False, "--out", help="vote it out instead of in"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Vote a validator in (or out) on this member's node (Clique)."""
    with _client(url, key) as client:
        _said(_answer(client.post("/validators", json={"address": address, "add": not out})))
