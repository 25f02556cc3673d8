"""The embedded document store: an offline js-ipfs daemon on 127.0.0.1, repo in the data dir.

js-ipfs needs Node 22, which the npm package ``node@22`` in ``ipfs-local/`` provides. P2P is off:
the daemon runs ``--offline`` with no swarm addresses, no bootstrap peers, no delegates, no MDNS
and no preload nodes, so nothing leaves the machine.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx

from devnet.paths import tools_dir
from node.documents.errors import DocumentStoreUnavailableError
from node.errors import ConfigError
from node.process import PidProcess

__all__ = ["IpfsDaemon", "find_jsipfs", "network_config"]

logger = logging.getLogger(__name__)


def find_jsipfs() -> tuple[Path, Path]:
    """The Node 22 binary and the ``jsipfs`` CLI script installed in ``ipfs-local/``."""
    root = Path(os.environ.get("CREDITBANK_IPFS_LOCAL") or tools_dir() / "ipfs-local")
    node = root / "node_modules/node/bin/node"
    cli = root / "node_modules/ipfs/src/cli.js"
    if not (node.is_file() and cli.is_file()):
        raise ConfigError(f"js-ipfs not found under {root}: run `npm ci` in ipfs-local")
    return node, cli


def network_config(api_port: int, gateway_port: int | None = None) -> dict[str, Any]:
    """The config keys that keep the node local: loopback API, no peers, no discovery."""
    return {
        "Addresses": {
            "Swarm": [],
            "Announce": [],
            "NoAnnounce": [],
            "API": f"/ip4/127.0.0.1/tcp/{api_port}",
            "Gateway": f"/ip4/127.0.0.1/tcp/{gateway_port}" if gateway_port else "",
            "RPC": "",
            "Delegates": [],
        },
        "Bootstrap": [],
        "Discovery": {"MDNS": {"Enabled": False}, "webRTCStar": {"Enabled": False}},
        "Pubsub": {"Enabled": False},
    }


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into ``base``; lists and scalars replace."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class IpfsDaemon:
    """Start and stop one local js-ipfs daemon; its repo (and pins) survive restarts."""

    def __init__(
        self, data_dir: Path, api_port: int = 5001, *, gateway_port: int | None = None
    ) -> None:
        for port in (api_port, gateway_port):
            if port is not None and not 0 < port < 65536:
                raise ConfigError(f"port {port} outside 1..65535")
        self.ipfs_dir = data_dir / "ipfs"
        self.repo_dir = self.ipfs_dir / "repo"
        self.api_port = api_port
        self.gateway_port = gateway_port
        self.pid_file = self.ipfs_dir / "daemon.pid"
        self.log_file = self.ipfs_dir / "daemon.log"
        self._process = PidProcess("IPFS daemon", self.pid_file, self.log_file)

    @property
    def api_url(self) -> str:
        """The daemon's RPC API root, for ``IpfsClient``."""
        return f"http://127.0.0.1:{self.api_port}"

    def running_pid(self) -> int | None:
        """The PID of a daemon this data dir started that is still alive."""
        return self._process.running_pid()

    def _command(self, *args: str) -> list[str]:
        node, cli = find_jsipfs()
        return [str(node), str(cli), *args]

    def _env(self) -> dict[str, str]:
        return {**os.environ, "IPFS_PATH": str(self.repo_dir)}

    def _init_repo(self) -> None:
        """Create the repo on first start, already configured to stay local."""
        if (self.repo_dir / "config").is_file():
            return
        self.ipfs_dir.mkdir(parents=True, exist_ok=True)
        init_config = self.ipfs_dir / "init-config.json"
        init_config.write_text(json.dumps(network_config(self.api_port, self.gateway_port)))
        cmd = self._command("init", "--empty-repo", str(init_config))
        with self.log_file.open("ab") as log:
            done = subprocess.run(  # noqa: S603 - our own binary, fixed args
                cmd, stdout=log, stderr=subprocess.STDOUT, env=self._env(), timeout=120
            )
        if done.returncode != 0:
            raise DocumentStoreUnavailableError(f"jsipfs init failed; see {self.log_file}")
        logger.info("initialised IPFS repo in %s", self.repo_dir)

    def _configure(self) -> None:
        """Rewrite the network keys on every start, so ports and isolation always hold."""
        config_file = self.repo_dir / "config"
        config = json.loads(config_file.read_text())
        merged = _merge(config, network_config(self.api_port, self.gateway_port))
        config_file.write_text(json.dumps(merged, indent=2))
        # A lock left by a killed daemon would refuse the start; none of ours is running.
        lock = self.repo_dir / "repo.lock"
        if lock.is_dir():
            shutil.rmtree(lock)
        else:
            lock.unlink(missing_ok=True)

    def _api_answers(self) -> bool:
        try:
            response = httpx.post(f"{self.api_url}/api/v0/version", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def start(self, timeout: float = 60.0) -> None:
        """Start the daemon unless this data dir's daemon already runs; wait for its API."""
        if self.running_pid() is not None:
            logger.info("IPFS daemon already running on %s", self.api_url)
            return
        self._init_repo()
        self._configure()
        cmd = self._command("daemon", "--offline", "--enable-preload=false")
        pid = self._process.spawn(cmd, self._env())
        if not self._process.wait_ready(self._api_answers, timeout, poll=0.1):
            self.stop()
            raise DocumentStoreUnavailableError(
                f"IPFS daemon did not answer on port {self.api_port}; see {self.log_file}"
            )
        logger.info("IPFS daemon started on %s (pid %d)", self.api_url, pid)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the daemon by its PID: SIGTERM, then SIGKILL if it lingers."""
        self._process.stop(timeout)
