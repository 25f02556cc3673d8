"""An anvil of the test's own with extra flags, e.g. a free-gas network like Besu's zeroBaseFee."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from devnet.anvil import find_anvil, wait_for_port
from tests.conftest import free_port

#: Flags of a network where gas costs nothing: base fee 0, no minimum tip or gas price.
FREE_GAS = ["--base-fee", "0", "--gas-price", "0", "--disable-min-priority-fee"]

AnvilFactory = Callable[..., str]


@pytest.fixture
def flagged_anvil(tmp_path: Path) -> Iterator[AnvilFactory]:
    """Start anvils with the given flags on free loopback ports; each stopped by its PID."""
    started: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    def start(*flags: str) -> str:
        port = free_port()
        log = (tmp_path / f"anvil-{port}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            [str(find_anvil()), "--host", "127.0.0.1", "--port", str(port), "--no-cors", *flags],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        assert wait_for_port("127.0.0.1", port, 20.0), "anvil did not open its port"
        return f"http://127.0.0.1:{port}"

    try:
        yield start
    finally:
        for process, log in started:
            process.terminate()
            process.wait(timeout=15)
            log.close()
