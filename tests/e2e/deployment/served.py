"""``creditbank serve`` as a real process for a test: its environment, its log, its end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic_settings import BaseSettings

from tests.conftest import TEST_PASSPHRASE

CREDITBANK = str(Path(sys.executable).with_name("creditbank"))


def env_of(settings: BaseSettings, **extra: str) -> dict[str, str]:
    """The settings as the environment a served process reads them from."""
    env = dict(os.environ)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            plain = value if isinstance(value, str) else json.dumps(value)
            env[f"CREDITBANK_{name.upper()}"] = plain
    env["CREDITBANK_KEYSTORE_PASSPHRASE"] = TEST_PASSPHRASE
    env.update(extra)
    return env


@contextmanager
def served(
    args: list[str], env: dict[str, str], log: Path, url: str, timeout: float = 180
) -> Iterator[subprocess.Popen[bytes]]:
    """``creditbank <args>`` until the block ends, once ``url``/healthz answers; log to ``log``."""
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [CREDITBANK, *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def json_lines(log: Path) -> list[dict[str, Any]]:
    """The log's JSON lines (the CLI's own banner before them is not a log record)."""
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines
