"""``creditbank audit conversions``: an institution's evidence export against a consortium node.

It needs nothing but the export, a chain node (and the registry's address) and an IPFS node:
the records come from the chain, the programmes and rule sets from IPFS by their digests.
Exit 0 when nothing is found, 1 with findings, 2 when the export is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.table import Table

from creditbank.cli.common import console, err_console, run, settings
from issuer.settings import IssuerSettings
from node.audit import (
    AuditReport,
    EvidenceExport,
    EvidenceExportInvalidError,
    audit_conversions,
    read_export,
)
from node.config import CoreSettings
from node.documents import IpfsClient
from wallet.chain import open_registry

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="Audit recorded conversions: a college's signed evidence export re-checked against "
    "the chain and the rule sets in force."
)


def _read(path: Path) -> EvidenceExport:
    """The export from its file; unreadable is refused like a malformed export."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceExportInvalidError(f"{path.name} cannot be read") from exc
    return read_export(data)


async def _audit(cfg: CoreSettings, path: Path) -> AuditReport:
    export = _read(path)
    async with open_registry(cfg) as registry, IpfsClient(cfg.ipfs_api) as ipfs:
        return await audit_conversions(export, registry, ipfs)


def _show(report: AuditReport) -> None:
    console.print(
        f"Institution {report.institution}: {len(report.conversions)} conversion(s) on chain, "
        f"{report.exported} in the export"
    )
    table = Table("conversion", "credits", "approved by")
    for c in report.conversions:
        table.add_row(c.conversion_id[:18] + "…", c.credits, c.officer or "(no evidence)")
    console.print(table)
    if report.clean:
        console.print("[bold green]Nothing found[/]: every conversion is justified by its rules.")
        return
    found = Table("finding", "conversion", "officer", "what", title="Findings")
    for f in report.findings:
        found.add_row(f.code, f.conversion_id[:18] + "…", f.officer or "-", f.detail)
    console.print(found)


@audit_app.command("export-evidence")
def export_evidence(
    out: Path = typer.Option(..., help="where to write the signed export (JSON)"),
    url: str | None = typer.Option(None, envvar="CREDITBANK_ISSUER_URL", help="college URL"),
    key: str | None = typer.Option(None, envvar="CREDITBANK_API_KEY", help="admin API key"),
) -> None:
    """The college's side: its conversion evidence, signed by its account, for an auditor.

    The file holds learners' presentations: hand it to the auditor only.
    """
    settings()  # configures logging
    cfg = IssuerSettings()
    if key is None:  # the local admin key, as the issuer's own commands default to
        key_file = cfg.data_dir / "issuer-admin.key"
        key = key_file.read_text().strip() if key_file.is_file() else ""
    base = (url or cfg.issuer_public_url).rstrip("/")
    try:
        answer = httpx.get(f"{base}/conversions/evidence", headers={"X-API-Key": key}, timeout=600)
    except httpx.HTTPError as exc:
        err_console.print(f"[bold red]UNREACHABLE[/] the college at {base} did not answer")
        raise typer.Exit(2) from exc
    if answer.status_code != 200:
        try:
            problem = answer.json()
            err_console.print(f"[bold red]{problem.get('code')}[/] {problem.get('detail')}")
        except ValueError:
            err_console.print(f"[bold red]HTTP {answer.status_code}[/]")
        raise typer.Exit(2)
    export = answer.json()
    out.write_text(json.dumps(export, indent=1))
    console.print(f"{len(export['entries'])} conversion(s) of {export['institution']} -> {out}")


@audit_app.command()
def conversions(
    evidence: Path = typer.Option(..., help="the college's signed evidence export (JSON)"),
    rpc: list[str] = typer.Option([], help="chain node JSON-RPC URL (repeat for fallbacks)"),
    registry: str | None = typer.Option(None, help="registry address"),
    ipfs: str | None = typer.Option(None, help="IPFS API (multiaddr or URL)"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Check every recorded conversion of the export's institution; list what is not justified."""
    update: dict[str, Any] = {}
    if rpc:
        update["rpc_urls"] = rpc
    if registry:
        update["registry_address"] = registry
    if ipfs:
        update["ipfs_api"] = ipfs
    cfg = settings().model_copy(update=update)
    report = run(_audit(cfg, evidence))
    if as_json:
        console.print_json(json.dumps(report.to_json()))
    else:
        _show(report)
    raise typer.Exit(0 if report.clean else 1)
