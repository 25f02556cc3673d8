"""``creditbank audit conversions``: an institution's evidence export against a consortium node.

It needs nothing but the export, a chain node (and the registry's address) and an IPFS node:
the records come from the chain, the programmes and rule sets from IPFS by their digests.
Exit 0 when nothing is found, 1 with findings, 2 when the export is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from creditbank.cli.common import console, run, settings
from node.audit import AuditReport, EvidenceExportInvalidError, audit_conversions
from node.config import CoreSettings
from node.documents import IpfsClient
from wallet.chain import open_registry

__all__ = ["audit_app"]

audit_app = typer.Typer(
    help="Audit recorded conversions: a college's signed evidence export re-checked against "
    "the chain and the rule sets in force."
)


def _read(path: Path) -> Any:
    """The export as JSON; unreadable or not JSON is refused like a malformed export."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise EvidenceExportInvalidError(f"{path.name} is not a JSON evidence export") from exc


async def _audit(cfg: CoreSettings, path: Path) -> AuditReport:
    raw = _read(path)
    async with open_registry(cfg) as registry, IpfsClient(cfg.ipfs_api) as ipfs:
        return await audit_conversions(raw, registry, ipfs)


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
