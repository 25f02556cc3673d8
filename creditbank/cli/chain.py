"""``creditbank chain``: the embedded local node and the registry on it."""

from __future__ import annotations

import typer

from creditbank.cli.common import console, run, settings
from devnet import LocalChain
from node.chain import connect, load_deployment
from node.ledger import Ledger

__all__ = ["chain_app"]

chain_app = typer.Typer(help="Run the local chain node and deploy the registry.")


def _local(cfg_port: int | None = None) -> LocalChain:
    cfg = settings()
    return LocalChain(cfg.data_dir, cfg_port or cfg.local_chain_port, cfg.chain_id)


@chain_app.command()
def start() -> None:
    """Start the embedded chain node (state persists in the data directory)."""
    chain = _local()
    chain.start()
    console.print(f"chain node: {chain.url} (pid {chain.running_pid()})")


@chain_app.command()
def stop() -> None:
    """Stop the embedded chain node; its state is kept."""
    _local().stop()
    console.print("chain node stopped")


@chain_app.command()
def deploy() -> None:
    """Deploy the registry once; on a later run, print the one already deployed."""
    cfg = settings()
    deployment = run(Ledger.deploy_dev(cfg))
    console.print(f"registry: {deployment.address} (block {deployment.block_number})")


@chain_app.command()
def status() -> None:
    """Show the node, its head block and the registry."""
    cfg = settings()

    async def _status() -> None:
        client = await connect(cfg, retries=0)
        try:
            head = await client.call(lambda w3: w3.eth.block_number)
            deployment = await load_deployment(client, cfg.data_dir)
        finally:
            await client.close()
        console.print(f"node {client.url}: chain id {cfg.chain_id}, head block {head}")
        console.print(f"registry: {deployment.address if deployment else 'not deployed'}")

    run(_status())
