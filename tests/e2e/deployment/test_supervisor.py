"""One process per service: a killed service comes back, the others never notice, nothing leaks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from node.process import ServiceSpec, Supervisor
from tests.conftest import free_port

CREDITBANK = str(Path(sys.executable).with_name("creditbank"))


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie of ours counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_supervisor_restarts_a_killed_child_with_back_off(tmp_path: Path) -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
    supervisor = Supervisor(
        [
            ServiceSpec("one", sleeper, tmp_path / "one.log"),
            ServiceSpec("two", sleeper, tmp_path / "two.log"),
        ],
        tmp_path / "run",
        first_delay=0.1,
    )
    stop = threading.Event()
    supervisor.start()
    first = supervisor.pids()
    assert all(first.values())
    runner = threading.Thread(target=supervisor.run, args=(stop,))
    runner.start()
    try:
        os.kill(first["one"] or 0, signal.SIGKILL)
        wait_for(lambda: supervisor.pids()["one"] not in (None, first["one"]), "one restarted")
        assert supervisor.pids()["two"] == first["two"], "the other kept running"
        assert supervisor.restarts() == {"one": 1, "two": 0}
        assert (tmp_path / "run" / "one.pid").read_text() == str(supervisor.pids()["one"])
    finally:
        stop.set()
        runner.join(timeout=30)
    assert not any(alive(pid) for pid in [*first.values(), *supervisor.pids().values()] if pid)
    assert not list((tmp_path / "run").glob("*.pid"))


@pytest.fixture
def bank(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Environment for ``creditbank up`` on free ports; ``down`` at the end whatever happened."""
    chain, ipfs, issuer, verifier, wallet = (free_port() for _ in range(5))
    env = {
        **os.environ,
        "CREDITBANK_DATA_DIR": str(tmp_path / "bank"),
        "CREDITBANK_LOCAL_CHAIN_PORT": str(chain),
        "CREDITBANK_IPFS_API": f"/ip4/127.0.0.1/tcp/{ipfs}/http",
        "CREDITBANK_ISSUER_PORT": str(issuer),
        "CREDITBANK_ISSUER_PUBLIC_URL": f"http://127.0.0.1:{issuer}",
        "CREDITBANK_VERIFIER_PORT": str(verifier),
        "CREDITBANK_VERIFIER_PUBLIC_URL": f"http://127.0.0.1:{verifier}",
        "CREDITBANK_WALLET_PORT": str(wallet),
        "CREDITBANK_VERIFIER_URL": f"http://127.0.0.1:{verifier}",
    }
    urls = {
        name: f"http://127.0.0.1:{port}"
        for name, port in (("issuer", issuer), ("verifier", verifier), ("wallet", wallet))
    }
    try:
        yield env, urls
    finally:
        subprocess.run([CREDITBANK, "down"], env=env, check=False, capture_output=True)  # noqa: S603


def start_up(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own command
            [CREDITBANK, "up", "--no-demo"], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def service_pids(run_dir: Path) -> dict[str, int]:
    return {p.stem: int(p.read_text()) for p in run_dir.glob("*.pid") if p.stem != "supervisor"}


def test_kill_a_service_then_the_supervisor_then_up_and_down_again(
    bank: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    env, urls = bank
    run_dir = Path(env["CREDITBANK_DATA_DIR"]) / "run"
    log = tmp_path / "up.log"
    up = start_up(env, log)
    wait_for(lambda: all(answers(u) for u in urls.values()), "all three serve")
    pids = service_pids(run_dir)
    assert set(pids) == {"issuer", "verifier", "wallet"} and len(set(pids.values())) == 3

    # kill -9 the verifier: the issuer and the wallet keep answering; the verifier comes back
    os.kill(pids["verifier"], signal.SIGKILL)
    wait_for(lambda: not alive(pids["verifier"]), "verifier gone")
    assert answers(urls["issuer"]) and answers(urls["wallet"])
    wait_for(lambda: service_pids(run_dir)["verifier"] != pids["verifier"], "verifier respawned")
    wait_for(lambda: answers(urls["verifier"]), "verifier serves again")
    assert f"verifier (pid {pids['verifier']}) was killed by SIGKILL" in log.read_text()
    assert service_pids(run_dir)["issuer"] == pids["issuer"], "the issuer was never restarted"

    # kill -9 the supervisor itself: its services go with it, no orphans
    pids = service_pids(run_dir)
    up.send_signal(signal.SIGKILL)
    up.wait(timeout=10)
    wait_for(lambda: not any(alive(p) for p in pids.values()), "no orphan services", 60)

    # the next `up` starts cleanly, and `down` stops everything
    up = start_up(env, log)
    wait_for(lambda: all(answers(u) for u in urls.values()), "all three serve again")
    pids = service_pids(run_dir)
    down = subprocess.run([CREDITBANK, "down"], env=env, capture_output=True, check=False)  # noqa: S603
    assert down.returncode == 0, down.stdout + down.stderr
    assert up.wait(timeout=60) == 0
    assert not any(alive(p) for p in pids.values())
    assert not list(run_dir.glob("*.pid"))
    for url in urls.values():
        port = int(url.rsplit(":", 1)[1])
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"{url} still listens"
