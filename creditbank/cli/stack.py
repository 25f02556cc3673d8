"""``creditbank up`` / ``down``: the whole embedded credit bank on 127.0.0.1."""

from __future__ import annotations

import typer

from creditbank.cli.common import console, run, settings
from node.chain import LocalChain
from node.ledger import Ledger

__all__ = ["stack_app"]

stack_app = typer.Typer()


@stack_app.command()
def up() -> None:
    """Start the local chain, deploy the registry, and print where everything is."""
    cfg = settings()
    chain = LocalChain(cfg.data_dir, cfg.local_chain_port, cfg.chain_id)
    if cfg.embedded_chain:
        chain.start()
    deployment = run(Ledger.deploy_dev(cfg))
    console.print("[bold]Credit Bank is up[/]")
    console.print(f"  chain node   {cfg.effective_rpc_urls[0]} (chain id {cfg.chain_id})")
    console.print(f"  registry     {deployment.address}")
    console.print(f"  data dir     {cfg.data_dir.resolve()}")
    console.print(f"  database     {cfg.effective_database_url}")
    if cfg.uses_dev_passphrase():
        console.print(
            "  [yellow]keys use the development passphrase;[/] set CREDITBANK_KEYSTORE_PASSPHRASE"
        )


@stack_app.command()
def down() -> None:
    """Stop what ``up`` started; all state stays in the data directory."""
    cfg = settings()
    LocalChain(cfg.data_dir, cfg.local_chain_port, cfg.chain_id).stop()
    console.print("Credit Bank stopped")
