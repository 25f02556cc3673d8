"""Issuers of their own for tests that break things: own data dir, own database, own process.

Tests that kill an issuer, flood it or take its chain away must not share the session issuer's
database (its challenge quotas, operators and batches) with the rest of the suite. Each issuer
here gets a fresh data dir that holds only the chain's governor key and deployment record, so
bootstrapping it makes a new account and DID key and accredits them on the same registry.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from devnet import IpfsDaemon, LocalChain
from issuer.bootstrap import bootstrap_issuer, documents_record
from issuer.settings import IssuerSettings
from node.config import CoreSettings
from node.ledger import GOVERNOR_KEY, Ledger
from tests.conftest import free_port, make_settings
from tests.e2e.conftest import issuer_settings

#: The repository root, so the child process imports this checkout.
ROOT = Path(__file__).resolve().parents[3]


def own_data_dir(chain: CoreSettings, data_dir: Path, documents_from: Path | None = None) -> Path:
    """A data dir that can govern ``chain``'s registry but shares no other state.

    On a chain where another issuer has published the framework and catalog already, pass its
    data dir as ``documents_from``: the registry refuses the same versions a second time, so
    this one takes that issuer's record of them instead of publishing again.
    """
    (data_dir / "keys").mkdir(parents=True, exist_ok=True)
    shutil.copy2(chain.data_dir / "keys" / f"{GOVERNOR_KEY}.json", data_dir / "keys")
    shutil.copytree(chain.data_dir / "deployments", data_dir / "deployments", dirs_exist_ok=True)
    if documents_from is not None:
        shutil.copy2(documents_record(documents_from), documents_record(data_dir))
    return data_dir


def settings_environment(settings: IssuerSettings) -> dict[str, str]:
    """The ``CREDITBANK_*`` variables that rebuild ``settings`` in another process."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump(mode="json").items():
        if value is None:
            continue
        text = value if isinstance(value, str) else json.dumps(value)
        env[f"CREDITBANK_{name.upper()}"] = text
    # a SecretStr dumps as asterisks
    env["CREDITBANK_KEYSTORE_PASSPHRASE"] = settings.keystore_passphrase.get_secret_value()
    return env


class IssuerProcess:
    """``uvicorn --factory issuer.app:create_app`` in a child process, killed by its PID.

    The settings travel as environment variables, as an operator would configure the service.
    """

    def __init__(self, settings: IssuerSettings, log_file: Path) -> None:
        self.settings = settings
        self.log_file = log_file
        self.url = settings.issuer_public_url
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The PID of the running child."""
        assert self._process is not None
        return self._process.pid

    def start(self, timeout: float = 120) -> None:
        """Start the child and wait until it answers; raise with its log if it does not."""
        env = {**os.environ, **settings_environment(self.settings), "PYTHONPATH": str(ROOT)}
        command = [
            sys.executable, "-m", "uvicorn", "issuer.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(self.settings.issuer_port),
            "--log-level", "warning",
        ]  # fmt: skip
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the issuer did not start:\n{self.log_file.read_text()}")
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/catalog", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """``kill -9``: no shutdown, no lifespan exit, whatever was in flight is cut off."""
        assert self._process is not None
        os.kill(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=30)
        self._process = None

    def stop(self) -> None:
        """A normal shutdown (SIGTERM), then SIGKILL if it hangs."""
        if self._process is None or self._process.poll() is not None:
            self._process = None
            return
        os.kill(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=10)
        self._process = None


def prepare_issuer(
    chain: CoreSettings, ipfs: IpfsDaemon, data_dir: Path, **overrides: object
) -> tuple[IssuerSettings, str]:
    """An issuer of its own on ``chain``, bootstrapped (accredited, documents, admin key)."""
    own_data_dir(chain, data_dir)
    settings = issuer_settings(chain, ipfs, data_dir=data_dir, **overrides)
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    return settings, (data_dir / "issuer-admin.key").read_text().strip()


@contextmanager
def dedicated_chain(data_dir: Path) -> Iterator[tuple[CoreSettings, LocalChain]]:
    """A local node of its own (``--state`` in ``data_dir``) with the registry deployed."""
    settings = make_settings(data_dir, free_port())
    chain = LocalChain(settings.data_dir, settings.local_chain_port, settings.chain_id)
    chain.start()
    try:
        asyncio.run(Ledger.deploy_dev(settings, fast_kdf=True))
        yield settings, chain
    finally:
        chain.stop()


def rpc(settings: CoreSettings, method: str, *params: object) -> Any:
    """One JSON-RPC call to the chain node (anvil's mining controls among them)."""
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
    answer = httpx.post(settings.effective_rpc_urls[0], json=body, timeout=30).json()
    assert "error" not in answer, answer
    return answer["result"]
