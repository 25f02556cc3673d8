"""``creditbank serve issuer|verifier|wallet``: one service alone, with N uvicorn workers.

Log lines follow ``CREDITBANK_LOG_FORMAT`` (``node.log``), uvicorn's included. With more than
one worker, ``PROMETHEUS_MULTIPROC_DIR`` points every worker at one directory, emptied at each
start (under ``<data dir>/run`` unless already set), so ``/metrics`` sums the workers.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum

import typer
import uvicorn

from creditbank.cli.common import console, run, settings
from issuer.settings import IssuerSettings
from node.config import CoreSettings
from node.log import log_format, logging_config
from node.process import fresh_dir
from node.storage import ensure_schema
from node.web.nodelay import PROTOCOL as NODELAY_PROTOCOL
from verifier.settings import VerifierSettings
from wallet.settings import WalletSettings

__all__ = ["Service", "serve_app", "service_port"]

serve_app = typer.Typer()


class Service(StrEnum):
    """The services ``creditbank`` can serve."""

    issuer = "issuer"
    verifier = "verifier"
    wallet = "wallet"


#: How long uvicorn waits for a worker to answer (a cold worker imports a lot on a busy host).
_WORKER_HEALTHCHECK_SECONDS = 60

#: The app factory uvicorn imports in each worker; it reads its settings from the environment.
_FACTORIES = {
    Service.issuer: "issuer.app:create_app",
    Service.verifier: "verifier.app:create_app",
    Service.wallet: "wallet.app:create_app",
}


def service_settings(service: Service) -> CoreSettings:
    """The service's settings from the environment."""
    if service is Service.issuer:
        return IssuerSettings()
    if service is Service.verifier:
        return VerifierSettings()
    return WalletSettings()


def service_port(service: Service) -> int:
    """Where the service listens, from its settings."""
    cfg = service_settings(service)
    return int(getattr(cfg, f"{service.value}_port"))


@serve_app.command()
def serve(
    service: Service = typer.Argument(..., help="which service"),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes"),
    log_level: str = typer.Option("info", help="uvicorn's log level"),
) -> None:
    """Serve one service in the foreground until SIGTERM or Ctrl-C.

    The schema is checked first: an empty database is migrated, one that is behind is
    refused (run ``creditbank db upgrade``), before any worker starts.
    """
    settings()
    log_config = logging_config("INFO", log_format())
    cfg = service_settings(service)
    run(ensure_schema(cfg.effective_database_url))
    port = service_port(service)
    console.print(f"{service.value} on http://{cfg.bind_host}:{port} ({workers} workers)")
    console.file.flush()
    if workers == 1:
        uvicorn.run(
            _FACTORIES[service],
            factory=True,
            host=cfg.bind_host,
            port=port,
            log_level=log_level,
            log_config=log_config,
            timeout_graceful_shutdown=10,
        )
        return
    run_dir = cfg.data_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    config_file = run_dir / f"{service.value}-logging.json"
    config_file.write_text(json.dumps(log_config))
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = fresh_dir(run_dir / f"{service.value}-metrics")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    # uvicorn's own command line as the main module: each spawned worker then re-imports
    # only uvicorn, not this CLI (which took longer than uvicorn waits for a worker's answer)
    os.execv(  # noqa: S606 - our own interpreter, fixed arguments
        sys.executable,
        [
            sys.executable,
            "-m",
            "uvicorn",
            _FACTORIES[service],
            "--factory",
            "--host",
            cfg.bind_host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--http",
            NODELAY_PROTOCOL,
            "--log-level",
            log_level,
            "--log-config",
            str(config_file),
            "--timeout-graceful-shutdown",
            "10",
            "--timeout-worker-healthcheck",
            str(_WORKER_HEALTHCHECK_SECONDS),
        ],
    )
