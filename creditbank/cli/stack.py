"""``creditbank up`` / ``down``: the whole embedded credit bank on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
from collections.abc import Coroutine
from typing import Any

import httpx
import typer

from creditbank.cli.banner import banner_lines, up_banner
from creditbank.cli.common import console, run, settings
from creditbank.cli.db import service_database_urls, upgrade_all
from creditbank.cli.demo import DEMO_STEPS, DemoStory, tell_demo_story
from creditbank.cli.progress import progress_bar
from creditbank.cli.serve import Service, service_port
from devnet import IpfsDaemon, LocalChain
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.documents import api_url_from_multiaddr
from node.ledger import Ledger
from node.process import PidProcess, ServiceSpec, Supervisor
from verifier.settings import VerifierSettings
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

    The issuer, the employer's verifier and a learner's wallet are each served in a process
    of their own, supervised: one that dies is restarted and the others keep serving.
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
    for line in banner_lines(up_banner(cfg, verifier_cfg, wallet_cfg, deployment, report, demo)):
        console.print(line, markup=False, soft_wrap=True)
    if cfg.uses_dev_passphrase():
        console.print(
            "  [yellow]keys use the development passphrase;[/] set CREDITBANK_KEYSTORE_PASSPHRASE"
        )
    if serve:
        story = _demo(cfg, verifier_cfg, wallet_cfg) if demo else None
        _supervise(cfg, story)


def _supervisor_pid(cfg: IssuerSettings) -> PidProcess:
    run_dir = cfg.data_dir / "run"
    return PidProcess("supervisor", run_dir / "supervisor.pid", run_dir / "supervisor.log")


def _supervise(cfg: IssuerSettings, then: Coroutine[Any, Any, None] | None) -> None:
    """Each service in its own supervised process until Ctrl-C, SIGTERM or ``down``.

    The supervisor is this process: it restarts a service that dies (with back-off, saying
    why in the log) and stops them all on the way out. ``then`` runs once all answer.
    """
    marker = _supervisor_pid(cfg)
    if (running := marker.running_pid()) is not None:
        console.print(f"already up (supervisor pid {running}); `creditbank down` stops it")
        raise typer.Exit(1)
    marker.pid_file.parent.mkdir(parents=True, exist_ok=True)
    marker.pid_file.write_text(str(os.getpid()))
    logs = cfg.data_dir / "logs"
    entry = [sys.executable, "-c", "from creditbank.cli import main; main()", "serve"]
    supervisor = Supervisor(
        [ServiceSpec(s.value, [*entry, s.value], logs / f"{s.value}.log") for s in Service],
        cfg.data_dir / "run",
    )
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    supervisor.start()
    urls = {s: f"http://{cfg.bind_host}:{service_port(s)}" for s in Service}
    threading.Thread(target=_when_ready, args=(urls, stop, then), daemon=True).start()
    try:
        supervisor.run(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        marker.pid_file.unlink(missing_ok=True)
        console.print("services stopped")


def _when_ready(
    urls: dict[Service, str], stop: threading.Event, then: Coroutine[Any, Any, None] | None
) -> None:
    """Wait until every service answers ``/healthz``, say so, then run ``then`` once."""
    while not stop.is_set():
        try:
            if all(httpx.get(f"{u}/healthz", timeout=2).status_code == 200 for u in urls.values()):
                break
        except httpx.HTTPError:
            pass
        stop.wait(0.2)
    else:
        if then is not None:
            then.close()
        return
    console.print("serving, each service in its own process; Ctrl-C stops")
    if then is not None:
        asyncio.run(then)


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
            with progress_bar(console) as bar:
                steps = bar.add_task("demo story", total=len(DEMO_STEPS))

                def step(name: str) -> None:
                    bar.update(steps, advance=1, description=f"demo story: {name}")

                told = await tell_demo_story(
                    f"http://{cfg.bind_host}:{cfg.issuer_port}",
                    admin_key,
                    verifier_cfg.domain,
                    wallet_cfg,
                    interrupt=step,
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
        f"  employer credits {told.employer_credits}",
        f"  verifier link    {told.verifier_link}",
    ]
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)


@stack_app.command()
def down() -> None:
    """Stop the services, then the chain node and IPFS daemon ``up`` started; state stays."""
    settings()
    cfg = IssuerSettings()
    _supervisor_pid(cfg).stop(timeout=30)
    for service in Service:  # left behind only if the supervisor itself was killed
        run_dir = cfg.data_dir / "run"
        PidProcess(service.value, run_dir / f"{service.value}.pid", run_dir / "x.log").stop()
    LocalChain(cfg.data_dir, cfg.local_chain_port, cfg.chain_id).stop()
    _ipfs(cfg).stop()
    console.print("Credit Bank stopped")
