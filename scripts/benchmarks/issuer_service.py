"""The issuer service as deployed, for the benchmark: its own process, a real IPFS daemon.

The issuer runs in a child process so that its resident memory is its own (read from
``/proc``). ``python -m scripts.benchmarks.issuer_service SETTINGS_JSON`` is that child.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from pydantic import SecretStr

from devnet import IpfsDaemon
from issuer.app import create_app
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.process import PidProcess
from scripts.benchmarks.chain import BenchChain, free_port

__all__ = ["RunningIssuer", "issuer_service", "resident_kib"]

#: The repository, so the child finds ``scripts`` wherever the benchmark was started from.
ROOT = Path(__file__).resolve().parents[2]
#: When set (``scripts/bench --profile``), the child runs under cProfile and writes its
#: profile here at shutdown: the issuer's own CPU, which the bench process's profile misses.
PROFILE_ENV = "CREDITBANK_BENCH_SERVICE_PROFILE"


@dataclass(frozen=True)
class RunningIssuer:
    """Where the issuer listens, its admin key, and its PID (for its memory)."""

    url: str
    admin_key: str
    pid: int


def resident_kib(pid: int) -> dict[str, int]:
    """``VmRSS`` (now) and ``VmHWM`` (peak since start) of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/catalog", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


@asynccontextmanager
async def issuer_service(chain: BenchChain, batch_size: int = 1000) -> AsyncIterator[RunningIssuer]:
    """IPFS, the issuer bootstrapped on the bench chain, then served in a child process."""
    data_dir = chain.settings.data_dir
    ipfs = IpfsDaemon(data_dir / "ipfs", api_port=free_port())
    await asyncio.to_thread(ipfs.start)
    try:
        port = free_port()
        settings = IssuerSettings(
            **{
                **chain.settings.model_dump(),
                "ipfs_api": ipfs.api_url,
                "issuer_port": port,
                "issuer_public_url": f"http://127.0.0.1:{port}",
                "batch_size": batch_size,
            }
        )
        await bootstrap_issuer(settings, fast_kdf=True)
        admin_key = (data_dir / "issuer-admin.key").read_text().strip()
        process = PidProcess("issuer", data_dir / "issuer.pid", data_dir / "issuer.log")
        # the passphrase goes by environment: a SecretStr dumps as asterisks
        secret = settings.keystore_passphrase.get_secret_value()
        pid = process.spawn(
            [sys.executable, "-m", "scripts.benchmarks.issuer_service", settings.model_dump_json()],
            env={**os.environ, "CREDITBANK_KEYSTORE_PASSPHRASE": secret, "PYTHONPATH": str(ROOT)},
        )
        try:
            url = settings.issuer_public_url
            ready = await asyncio.to_thread(process.wait_ready, lambda: _answers(url), 60, 0.2)
            if not ready:
                raise RuntimeError(f"the issuer did not start; see {process.log_file}")
            yield RunningIssuer(url, admin_key, pid)
        finally:
            await asyncio.to_thread(process.stop)
    finally:
        await asyncio.to_thread(ipfs.stop)


def _serve(settings_json: str) -> None:
    """The child: serve the issuer on 127.0.0.1 until stopped."""
    passphrase = SecretStr(os.environ["CREDITBANK_KEYSTORE_PASSPHRASE"])
    settings = IssuerSettings.model_validate_json(settings_json).model_copy(
        update={"keystore_passphrase": passphrase}
    )
    app = create_app(settings, fast_kdf=True)
    profiled = os.environ.get(PROFILE_ENV)
    if not profiled:
        uvicorn.run(app, host="127.0.0.1", port=settings.issuer_port, log_level="warning")
        return
    # uvicorn hands SIGTERM back to the handler it found once it has shut down: make that
    # handler a normal exit, so the profile below is written instead of the process dying
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        uvicorn.run(app, host="127.0.0.1", port=settings.issuer_port, log_level="warning")
    finally:
        profiler.disable()
        profiler.dump_stats(profiled)


if __name__ == "__main__":
    _serve(sys.argv[1])
