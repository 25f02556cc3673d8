"""The embedded chain: an ``anvil`` node on 127.0.0.1 whose state persists in the data dir."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import time
from pathlib import Path

from devnet.paths import tools_dir
from node.errors import ChainUnavailableError, ConfigError
from node.process import PidProcess

__all__ = ["LocalChain", "find_anvil", "wait_for_port"]

logger = logging.getLogger(__name__)


def find_anvil() -> Path:
    """The anvil binary installed by the npm toolchain in ``hardhat-local/``."""
    candidates = [
        os.environ.get("CREDITBANK_ANVIL"),
        tools_dir() / "hardhat-local/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil",
        tools_dir() / "hardhat-local/node_modules/.bin/anvil",
        shutil.which("anvil"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ConfigError("anvil not found: run scripts/setup (npm ci in hardhat-local)")


def wait_for_port(host: str, port: int, timeout: float) -> bool:
    """Poll until something accepts connections on host:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((host, port)) == 0:
                return True
        time.sleep(0.05)
    return False


class LocalChain:
    """Start and stop one local node; its state file survives restarts."""

    def __init__(
        self,
        data_dir: Path,
        port: int = 8545,
        chain_id: int = 31337,
        *,
        block_time: float | None = None,
    ) -> None:
        self.chain_dir = data_dir / "chain"
        self.port = port
        self.chain_id = chain_id
        self.block_time = block_time
        self.state_file = self.chain_dir / "state.json"
        self.log_file = self.chain_dir / "anvil.log"
        self._process = PidProcess("local chain", self.chain_dir / "anvil.pid", self.log_file)

    @property
    def url(self) -> str:
        """The node's JSON-RPC endpoint."""
        return f"http://127.0.0.1:{self.port}"

    def running_pid(self) -> int | None:
        """The PID of a node this data dir started that is still alive."""
        return self._process.running_pid()

    def start(self, timeout: float = 20.0) -> None:
        """Start the node unless this data dir's node already runs."""
        if self.running_pid() is not None:
            logger.info("local chain already running on %s", self.url)
            return
        cmd = [
            str(find_anvil()),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--chain-id", str(self.chain_id),
            "--state", str(self.state_file),
            "--state-interval", "2",
            "--no-request-size-limit",
            # no CORS: a web page must not call the node (anvil_impersonateAccount answers anyone)
            "--no-cors",
        ]  # fmt: skip
        if self.block_time:
            cmd += ["--block-time", str(self.block_time)]
        pid = self._process.spawn(cmd)
        if not wait_for_port("127.0.0.1", self.port, timeout):
            self.stop()
            raise ChainUnavailableError(
                f"local chain did not open port {self.port}; see {self.log_file}"
            )
        logger.info("local chain started on %s (pid %d)", self.url, pid)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the node by its PID; anvil writes its state file on the way out."""
        self._process.stop(timeout)
