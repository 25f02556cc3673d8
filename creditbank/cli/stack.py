"""``creditbank up`` / ``down``: the whole embedded credit bank on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any

import typer
import uvicorn
from fastapi import FastAPI

from creditbank.cli.common import console, run, settings
from creditbank.cli.db import service_database_urls, upgrade_all
from creditbank.cli.demo import DemoStory, tell_demo_story
from issuer.app import create_app as issuer_app
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.chain import LocalChain
from node.documents import IpfsDaemon, api_url_from_multiaddr
from node.ledger import Ledger
from verifier.app import create_app as verifier_app
from verifier.settings import VerifierSettings
from wallet.app import create_app as wallet_app
from wallet.settings import WalletSettings

__all__ = ["stack_app"]

stack_app = typer.Typer()


def _ipfs(cfg: IssuerSettings) -> IpfsDaemon:
    port = int(api_url_from_multiaddr(cfg.ipfs_api).rsplit(":", 1)[1])
    return IpfsDaemon(cfg.data_dir, api_port=port)


@stack_app.command()
def up(
    serve: bool = typer.Option(True, help="serve the services in the foreground (Ctrl-C stops)"),
    demo: bool = typer.Option(True, help="tell the demo story once, through the services"),
) -> None:
    """Start chain and IPFS, deploy, set up the demo issuer, print where things are, serve.

    The issuer, the employer's verifier and a learner's wallet are served side by side.
    """
    settings()  # configures logging
    cfg = IssuerSettings()
    verifier_cfg, wallet_cfg = VerifierSettings(), WalletSettings()
    if cfg.embedded_chain:
        LocalChain(cfg.data_dir, cfg.local_chain_port, cfg.chain_id).start()
    if cfg.ipfs_embedded:
        _ipfs(cfg).start()
    for line in run(upgrade_all(service_database_urls())):  # the embedded stack migrates itself
        console.print(f"  database     {line}", markup=False, soft_wrap=True)
    deployment = run(Ledger.deploy_dev(cfg))
    report = run(bootstrap_issuer(cfg))
    console.print("[bold]Credit Bank is up[/]")
    console.print(f"  chain node   {cfg.effective_rpc_urls[0]} (chain id {cfg.chain_id})")
    console.print(f"  registry     {deployment.address}")
    console.print(f"  IPFS API     {api_url_from_multiaddr(cfg.ipfs_api)}")
    console.print(f"  issuer       http://{cfg.bind_host}:{cfg.issuer_port}  (API docs: /docs)")
    console.print(f"  verifier     http://{cfg.bind_host}:{verifier_cfg.verifier_port}  (employer)")
    console.print(f"  wallet       http://{cfg.bind_host}:{wallet_cfg.wallet_port}  (a learner)")
    console.print(f"  issuer DID   {report.issuer_did}")
    console.print(f"  accredited   {report.accredited}; catalog {report.catalog_uri}")
    console.print(f"  admin key    {cfg.data_dir.resolve() / 'issuer-admin.key'}")
    console.print(f"  data dir     {cfg.data_dir.resolve()}")
    if cfg.uses_dev_passphrase():
        console.print(
            "  [yellow]keys use the development passphrase;[/] set CREDITBANK_KEYSTORE_PASSPHRASE"
        )
    if serve:
        story = _demo(cfg, verifier_cfg, wallet_cfg) if demo else None
        asyncio.run(
            _serve_all(
                [
                    (issuer_app(cfg), cfg.issuer_port),
                    (verifier_app(verifier_cfg), verifier_cfg.verifier_port),
                    (wallet_app(wallet_cfg), wallet_cfg.wallet_port),
                ],
                cfg.bind_host,
                story,
            )
        )


async def _serve_all(
    apps: list[tuple[FastAPI, int]], host: str, then: Coroutine[Any, Any, None] | None
) -> None:
    """Serve every app in one event loop until Ctrl-C; once all listen, run ``then``."""
    servers = [
        uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        for app, port in apps
    ]

    async def after_start() -> None:
        while not all(server.started for server in servers):  # noqa: ASYNC110 - uvicorn sets a flag
            await asyncio.sleep(0.1)
        console.print("serving; Ctrl-C stops")
        if then is not None:
            await then

    await asyncio.gather(*(server.serve() for server in servers), after_start())


async def _demo(
    cfg: IssuerSettings, verifier_cfg: VerifierSettings, wallet_cfg: WalletSettings
) -> None:
    """The demo story, told once per data dir; a failure is reported, serving goes on."""
    marker = cfg.data_dir / "demo-story.json"
    try:
        if await asyncio.to_thread(marker.exists):
            told = DemoStory(**json.loads(await asyncio.to_thread(marker.read_text)))
        else:
            admin_key = (
                await asyncio.to_thread((cfg.data_dir / "issuer-admin.key").read_text)
            ).strip()
            told = await tell_demo_story(
                f"http://{cfg.bind_host}:{cfg.issuer_port}",
                admin_key,
                verifier_cfg.domain,
                wallet_cfg,
            )
            await asyncio.to_thread(marker.write_text, json.dumps(told.__dict__))
    except Exception as exc:  # noqa: BLE001 - the demo must not take the services down
        console.print(f"demo story failed: {type(exc).__name__}: {exc}", markup=False)
        return
    lines = [
        "The demo story (a learner's certificates, a college conversion, an employer's check):",
        f"  learner wallet   '{told.wallet}', passphrase '{told.passphrase}' (the wallet page)",
        f"  learner DID      {told.learner_did}",
        f"  conversion       {told.conversion_id}",
        f"                   {told.converted_credits} credits of Software Technology",
        f"  employer verdict {told.verdict}",
        f"  verifier link    {told.verifier_link}",
    ]
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)


@stack_app.command()
def down() -> None:
    """Stop the chain node and IPFS daemon ``up`` started; all state stays in the data dir."""
    settings()
    cfg = IssuerSettings()
    LocalChain(cfg.data_dir, cfg.local_chain_port, cfg.chain_id).stop()
    _ipfs(cfg).stop()
    console.print("Credit Bank stopped")
