"""The README's first command: ``creditbank up`` brings the whole bank up, ``down`` stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port

CREDITBANK = str(Path(sys.executable).with_name("creditbank"))


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_up_serves_issuer_verifier_and_wallet_then_down_stops_everything(tmp_path: Path) -> None:
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
    log = tmp_path / "up.log"
    with log.open("w") as out:
        up = subprocess.Popen([CREDITBANK, "up"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while not all(_listening(p) for p in (issuer, verifier, wallet)):
            assert up.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert httpx.get(f"http://127.0.0.1:{issuer}/docs").status_code == 200
        assert "Verify a candidate" in httpx.get(f"http://127.0.0.1:{verifier}/").text
        assert httpx.get(f"http://127.0.0.1:{wallet}/").status_code == 200
        challenge = httpx.post(f"http://127.0.0.1:{verifier}/challenges").json()
        assert challenge["domain"] == f"http://127.0.0.1:{verifier}"
        printed = log.read_text()
        assert "Credit Bank is up" in printed and "accredited True" in printed
        deadline = time.monotonic() + 120
        while (
            "employer verdict" not in log.read_text() and "demo story failed" not in log.read_text()
        ):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        printed = log.read_text()
        assert "employer verdict valid" in printed, printed
        assert "conversion       0x" in printed
        assert "employer credits 26 CB certified; converted apart: 24 CB into" in printed
        # the employer's link is a short share link, not the 5,861-character package link
        link = next(line for line in printed.splitlines() if "verifier link" in line).split()[-1]
        assert link.startswith(f"http://127.0.0.1:{verifier}/p/") and len(link) < 100, link
        opened = httpx.get(link, timeout=60)
        assert opened.status_code == 200 and "valid" in opened.text.lower()
    finally:
        up.send_signal(signal.SIGINT)
        try:
            up.wait(timeout=30)
        finally:
            if up.poll() is None:
                up.kill()
        down = subprocess.run(
            [CREDITBANK, "down"], env=env, capture_output=True, text=True, timeout=120
        )
    assert down.returncode == 0, down.stderr
    assert not _listening(chain) and not _listening(ipfs)
