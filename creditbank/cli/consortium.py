"""``creditbank consortium``: a local multi-member Clique network, and deploying the registry."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import typer
from eth_account.signers.local import LocalAccount
from rich.table import Table

from creditbank.cli.common import console, run, settings
from creditbank.cli.deploy_plan import production_plan
from creditbank.cli.progress import progress_bar
from devnet.consortium import Consortium, Member, deploy_on_consortium
from node.chain.deploy import deploy_governed
from node.keystore import Keystore

__all__ = ["consortium_app"]

consortium_app = typer.Typer(help="Run a local consortium of validator nodes (ethereumjs Clique).")

_MEMBERS = typer.Option(3, "--members", min=2, max=7, help="validator nodes, one per member")


def _consortium(members: int = 3) -> Consortium:
    cfg = settings()
    return Consortium(Path(cfg.data_dir) / "consortium", size=members)


@consortium_app.command()
def start(members: int = _MEMBERS) -> None:
    """Start every member's node (keys, enodes and genesis are made on the first start)."""
    consortium = _consortium(members)
    started = _start_with_progress(consortium)
    console.print(f"consortium of {len(started)} on chain id {consortium.chain_id}:")
    for member in started:
        console.print(f"  {member.name}  {member.url}  signer {member.signer}", soft_wrap=True)
    urls = ",".join(f'"{m.url}"' for m in started)
    console.print(
        f"point services at it: CREDITBANK_RPC_URLS='[{urls}]' "
        f"CREDITBANK_CHAIN_ID={consortium.chain_id} CREDITBANK_CONFIRMATIONS=2",
        markup=False,
        soft_wrap=True,
    )


def _start_with_progress(consortium: Consortium, poll: float = 0.5) -> list[Member]:
    """``Consortium.start`` with a bar that advances one step per member whose node answers.

    The consortium starts its members itself (genesis, order, process handles stay its own) in
    a worker thread; a second handle on the same folder only watches each member's status.
    Without a terminal there is no bar, and the start runs as it always did.
    """
    with progress_bar(console) as bar:
        if bar.disable:
            return consortium.start()
        watcher = Consortium(consortium.root, size=consortium.size)
        task = bar.add_task("starting members", total=len(watcher.members) or consortium.size)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="consortium") as pool:
            starting = pool.submit(consortium.start)
            while True:
                try:
                    started = starting.result(timeout=poll)
                    break
                except TimeoutError:  # concurrent.futures' is this builtin since 3.11
                    answering = [s for s in watcher.status() if s.block is not None]
                    total = len(watcher.members) or consortium.size
                    bar.update(task, total=total, completed=len(answering))
        bar.update(task, total=len(started), completed=len(started))
        return started


@consortium_app.command()
def stop() -> None:
    """Stop every member's node by its PID; chain data stays in the data dir."""
    _consortium().stop()
    console.print("consortium stopped")


@consortium_app.command()
def status() -> None:
    """Each member's node: PID, head block, peers."""
    table = Table(title="consortium")
    for column in ("member", "url", "pid", "head", "peers"):
        table.add_column(column)
    for state in _consortium().status():
        table.add_row(
            state.member.name,
            state.member.url,
            str(state.pid or "down"),
            "" if state.block is None else str(state.block),
            "" if state.peers is None else str(state.peers),
        )
    console.print(table)


@consortium_app.command()
def deploy(
    quorum: int = typer.Option(0, help="governor approvals needed (default: majority)"),
    governor: list[str] = typer.Option(
        [], "--governor", help="a governor's address (repeat per member); default: local members"
    ),
    deployer_key_name: str | None = typer.Option(
        None, "--deployer-key-name", help="keystore key that signs the deployment"
    ),
    rpc_url: str | None = typer.Option(None, "--rpc-url", help="member node to deploy through"),
) -> None:
    """Deploy the registry: to the given governors, or (by default) every local member."""
    cfg = settings()
    if governor or deployer_key_name or rpc_url:
        plan = production_plan(governor, quorum, deployer_key_name)
        if rpc_url:
            cfg = cfg.model_copy(update={"rpc_urls": [rpc_url]})
        keystore = Keystore(cfg.data_dir / "keys", cfg.keystore_passphrase.get_secret_value())
        deployer = run(_load_key(keystore, plan.deployer_key_name))
        deployment = run(deploy_governed(cfg, deployer, plan.governors, plan.quorum))
        console.print(
            f"registry: {deployment.address} (block {deployment.block_number}), "
            f"quorum {plan.quorum} of {len(plan.governors)} governors",
            soft_wrap=True,
        )
        return
    consortium = _consortium()
    if not cfg.rpc_urls:
        cfg = cfg.model_copy(
            update={
                "rpc_urls": [m.url for m in consortium.members],
                "chain_id": consortium.chain_id,
                "confirmations": 2,
            }
        )
    deployment = run(deploy_on_consortium(cfg, consortium, quorum or None))
    console.print(f"registry: {deployment.address} (block {deployment.block_number})")


async def _load_key(keystore: Keystore, name: str) -> LocalAccount:
    """Inside ``run`` so a missing key or wrong passphrase prints as our error."""
    return keystore.load(name)
