"""The lines ``creditbank up`` prints: where everything is, each line within 80 columns.

A terminal of 80 columns used to wrap ``accredited True; catalog`` onto a line of its own before
the catalog's CID; every value now has a line of its own, and the first line says what to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from issuer.bootstrap import BootstrapReport
from issuer.settings import IssuerSettings
from node.chain import Deployment
from node.documents import api_url_from_multiaddr
from verifier.settings import VerifierSettings
from wallet.settings import WalletSettings

__all__ = ["Banner", "banner_lines", "up_banner"]

WIDTH = 80


@dataclass(frozen=True, slots=True)
class Banner:
    """What the banner reports."""

    chain_node: str
    chain_id: int
    registry: str
    ipfs_api: str
    issuer_url: str
    verifier_url: str
    wallet_url: str
    issuer_did: str
    accredited: bool
    catalog_uri: str
    admin_key_file: Path
    data_dir: Path
    demo: bool = True


def _row(label: str, value: str) -> str:
    return f"  {label:<10} {value}"


def banner_lines(banner: Banner) -> list[str]:
    """The banner, a label and one value per line, what to open first at the top."""
    first = (
        _row("start here", f"{banner.wallet_url}  (the learner's wallet page)")
        if banner.demo
        else _row("start here", f"{banner.verifier_url}  (the employer's page)")
    )
    return [
        "Credit Bank is up",
        first,
        _row("wallet", f"{banner.wallet_url}  (a learner)"),
        _row("verifier", f"{banner.verifier_url}  (employer)"),
        _row("issuer", f"{banner.issuer_url}  (API docs: /docs)"),
        _row("chain node", f"{banner.chain_node} (chain id {banner.chain_id})"),
        _row("registry", banner.registry),
        _row("IPFS API", banner.ipfs_api),
        _row("issuer DID", banner.issuer_did),
        _row("accredited", f"{banner.accredited} (for the scope of its catalog)"),
        _row("catalog", banner.catalog_uri),
        _row("admin key", str(banner.admin_key_file)),
        _row("data dir", str(banner.data_dir)),
    ]


def up_banner(
    cfg: IssuerSettings,
    verifier_cfg: VerifierSettings,
    wallet_cfg: WalletSettings,
    deployment: Deployment,
    report: BootstrapReport,
    demo: bool,
) -> Banner:
    """The banner of ``creditbank up`` from its settings, deployment and issuer set-up."""
    host = cfg.bind_host
    return Banner(
        chain_node=cfg.effective_rpc_urls[0],
        chain_id=cfg.chain_id,
        registry=str(deployment.address),
        ipfs_api=api_url_from_multiaddr(cfg.ipfs_api),
        issuer_url=f"http://{host}:{cfg.issuer_port}",
        verifier_url=f"http://{host}:{verifier_cfg.verifier_port}",
        wallet_url=f"http://{host}:{wallet_cfg.wallet_port}",
        issuer_did=report.issuer_did,
        accredited=report.accredited,
        catalog_uri=report.catalog_uri,
        admin_key_file=cfg.data_dir.resolve() / "issuer-admin.key",
        data_dir=cfg.data_dir.resolve(),
        demo=demo,
    )
