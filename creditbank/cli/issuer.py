"""``creditbank issuer``: the certification body's operations, as a client of its API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import typer

from creditbank.cli.common import console, err_console, settings
from creditbank.cli.csvchunks import Part, merge_reports, split_csv
from creditbank.cli.listing import (
    CSV_OPTION,
    JSON_OPTION,
    Column,
    ListingCommand,
    choose_filter,
    print_rows,
)
from creditbank.cli.progress import progress_bar
from issuer.settings import IssuerSettings

__all__ = ["issuer_app"]

issuer_app = typer.Typer(help="Issue, import, list and revoke credentials through the issuer API.")

_URL = typer.Option(None, envvar="CREDITBANK_ISSUER_URL", help="issuer base URL")
_KEY = typer.Option(None, envvar="CREDITBANK_API_KEY", help="operator API key")


def _client(url: str | None, key: str | None) -> httpx.Client:
    """An HTTP client for the issuer; the local admin key is the default on this machine."""
    settings()  # configures logging
    cfg = IssuerSettings()
    if key is None:
        key_file = cfg.data_dir / "issuer-admin.key"
        key = key_file.read_text().strip() if key_file.is_file() else None
    base = url or cfg.issuer_public_url
    return httpx.Client(base_url=base, headers={"X-API-Key": key or ""}, timeout=600)


def _answer(response: httpx.Response) -> Any:
    """The JSON body, or the problem's code and detail with a non-zero exit."""
    if response.status_code >= 400:
        try:
            problem = response.json()
            err_console.print(f"[bold red]{problem.get('code')}[/] {problem.get('detail')}")
        except ValueError:
            err_console.print(f"[bold red]HTTP {response.status_code}[/] {response.text[:200]}")
        raise typer.Exit(2)
    return response.json()


@issuer_app.command()
def issue(
    learner: str = typer.Option(..., help="the learner's did:key"),
    standard: str = typer.Option(..., help="outcome standard code from the catalog"),
    grade: str | None = typer.Option(None, help="grade of a graded certificate"),
    result: str | None = typer.Option(None),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Certify one outcome and print the credential id and the wallet offer link."""
    with _client(url, key) as client:
        body = _answer(
            client.post(
                "/issuance",
                json={
                    "learner_did": learner,
                    "standard_code": standard,
                    "grade": grade,
                    "result": result,
                },
            )
        )
    console.print(f"issued {body['issued']['credential_id']} ({body['issued']['credential_hash']})")
    console.print(f"offer code {body['offer']['code']}")
    console.print(body["offer"]["link"])


#: Records sent per request when a certificate list is imported part by part.
IMPORT_PART_RECORDS = 500


def _import(kind: str, path: Path, url: str | None, key: str | None) -> None:
    # certificate lists go part by part, under a progress bar: re-sending a part is safe (rows
    # already issued are skipped by their import key); a roster goes whole
    data = path.read_bytes()
    parts = split_csv(data, IMPORT_PART_RECORDS) if kind == "certificates" else [Part(data, 0, 0)]
    answers = []
    with progress_bar(console) as bar, _client(url, key) as client:
        rows = bar.add_task(f"importing {path.name}", total=sum(p.records for p in parts) or None)
        for part in parts:
            answers.append((part, _answer(client.post(f"/imports/{kind}", content=part.content))))
            bar.advance(rows, part.records)
    report = merge_reports(answers)
    console.print(
        f"{report['accepted']} accepted, {report['skipped_duplicates']} already done, "
        f"{len(report['problems'])} problems (of {report['rows']} rows)"
    )
    for problem in report["problems"]:
        console.print(f"  line {problem['line']}: [red]{problem['code']}[/] {problem['reason']}")
    if report.get("offers"):
        out = path.with_suffix(".offers.json")
        out.write_text(json.dumps(report["offers"], indent=1))
        console.print(f"wallet offers written to {out}")


@issuer_app.command("import-roster")
def import_roster(path: Path, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Open learner accounts from a roster CSV (student_id,name[,did])."""
    _import("roster", path, url, key)


@issuer_app.command("import-certificates")
def import_certificates(path: Path, url: str | None = _URL, key: str | None = _KEY) -> None:
    """Issue credentials from a certificate list CSV (student_id|learner_did,standard_code,…)."""
    _import("certificates", path, url, key)


#: What ``issuer list --status`` can filter on: the issuer's credential states.
CREDENTIAL_STATES = ("signed", "batched", "anchored", "revoked", "suspended")
_LIST_COLUMNS = (
    Column("credential_id", "credential", whole=True),
    Column("standard_code", "standard", whole=True),
    Column("status", "status", whole=True),
    Column("learner_did", "learner"),
)


@issuer_app.command("list", cls=ListingCommand)
def list_credentials(
    learner: str | None = typer.Option(None, help="only this learner's did:key"),
    standard: str | None = typer.Option(None, help="only this standard code"),
    status: str | None = typer.Option(
        None, help="only this state: " + ", ".join(CREDENTIAL_STATES)
    ),
    limit: int = typer.Option(100, min=1, max=1000, help="at most this many"),
    offset: int = typer.Option(0, min=0, help="skip this many first"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """List issued credentials with their whole ids (``--json``/``--csv`` for every field)."""
    status = choose_filter("status", status, CREDENTIAL_STATES)
    filters = {"learner_did": learner, "standard_code": standard, "status": status}
    params: dict[str, str | int] = {k: v for k, v in filters.items() if v}
    params |= {"limit": limit, "offset": offset}
    with _client(url, key) as client:
        rows = _answer(client.get("/credentials", params=params))
    print_rows(rows, _LIST_COLUMNS, as_json=as_json, as_csv=as_csv, title="credentials")


_AUDIT_COLUMNS = (
    Column("at", "at", whole=True),
    Column("actor", "actor"),
    Column("action", "action"),
    Column("target", "target", whole=True),
    Column("detail", "detail"),
)


@issuer_app.command(cls=ListingCommand)
def audit(
    limit: int = typer.Option(100, min=1, max=1000, help="the newest this many entries"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """The audit log, newest first (administrators only)."""
    with _client(url, key) as client:
        rows = _answer(client.get("/audit", params={"limit": limit}))
    print_rows(rows, _AUDIT_COLUMNS, as_json=as_json, as_csv=as_csv, title="audit log")


@issuer_app.command()
def revoke(
    credential_id: str,
    reason: int = typer.Option(1, help="reason code"),
    suspend: bool = typer.Option(False, help="suspend instead of revoking"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Revoke (or suspend) a credential on chain."""
    action = "suspend" if suspend else "revoke"
    with _client(url, key) as client:
        body = _answer(
            client.post(f"/credentials/{credential_id}/{action}", json={"reason": reason})
        )
    console.print(f"{credential_id}: {body['status']} (tx {body['transaction']})")


@issuer_app.command("set-password")
def set_password(
    name: str,
    password: str = typer.Option(
        ...,
        envvar="CREDITBANK_OPERATOR_PASSWORD",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="asked without echo unless CREDITBANK_OPERATOR_PASSWORD is set",
    ),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Set an operator's console password (12+ characters; the issuer keeps only a hash)."""
    with _client(url, key) as client:
        response = client.put(f"/operators/{name}/password", json={"password": password})
        if response.status_code != 204:
            _answer(response)
    console.print(f"{name} may now sign in to the console at /console/")


@issuer_app.command("add-operator")
def add_operator(
    name: str,
    role: str = typer.Option(..., help="admin, reviewer or operator"),
    field: list[str] = typer.Option([], help="fields a reviewer reviews (repeat)"),
    url: str | None = _URL,
    key: str | None = _KEY,
) -> None:
    """Register an operator and print its API key (shown once)."""
    with _client(url, key) as client:
        body = _answer(
            client.post("/operators", json={"name": name, "role": role, "fields": field})
        )
    console.print(f"{body['name']} ({body['role']}): {body['api_key']}")
