"""The document store against a real, offline js-ipfs daemon."""

import base64
import hashlib
import json
import os
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from devnet import IpfsDaemon
from node.documents import (
    DocumentNotFoundError,
    DocumentStoreUnavailableError,
    DocumentTooLargeError,
    InvalidCidError,
    IpfsClient,
)
from tests.conftest import free_port


def raw_cid_v1(data: bytes) -> str:
    """CIDv1, raw codec, sha2-256, base32: what a single-block add must return."""
    prefix = bytes([0x01, 0x55, 0x12, 0x20])
    encoded = base64.b32encode(prefix + hashlib.sha256(data).digest()).decode()
    return "b" + encoded.lower().rstrip("=")


async def test_version_answers(ipfs: IpfsClient) -> None:
    assert await ipfs.version()


async def test_add_then_cat_round_trips_and_pins(ipfs: IpfsClient) -> None:
    data = b'{"hello":"credit bank"}' + os.urandom(16)
    cid = await ipfs.add(data)
    assert cid.startswith("bafkrei")
    assert await ipfs.cat(cid) == data
    async with httpx.AsyncClient() as http:
        pins = await http.post(f"{ipfs.api_url}/api/v0/pin/ls", params={"arg": cid})
    assert pins.status_code == 200 and "recursive" in pins.text


async def test_the_cid_depends_on_the_bytes_only(ipfs: IpfsClient) -> None:
    data = os.urandom(1000)
    first = await ipfs.add(data)
    assert await ipfs.add(data) == first
    assert first == raw_cid_v1(data)
    assert await ipfs.add(data + b"!") != first


async def test_large_content_spans_blocks_and_still_round_trips(ipfs: IpfsClient) -> None:
    data = os.urandom(600_000)
    cid = await ipfs.add(data)
    assert await ipfs.cat(cid) == data
    with pytest.raises(DocumentTooLargeError) as info:
        await ipfs.cat(cid, max_bytes=300_000)
    assert info.value.code == "DOCUMENT_TOO_LARGE"


async def test_unknown_and_malformed_cids(ipfs: IpfsClient) -> None:
    missing = raw_cid_v1(os.urandom(32))
    with pytest.raises(DocumentNotFoundError) as info:
        await ipfs.cat(missing)
    assert info.value.http_status == 404
    with pytest.raises(InvalidCidError):
        await ipfs.cat("not-a-cid")
    with pytest.raises(InvalidCidError):
        await ipfs.cat("b" + "1" * 58)


async def test_nothing_listening_is_unavailable() -> None:
    async with IpfsClient(f"/ip4/127.0.0.1/tcp/{free_port()}/http", timeout=2.0) as client:
        with pytest.raises(DocumentStoreUnavailableError) as info:
            await client.version()
    assert info.value.code == "IPFS_UNAVAILABLE" and info.value.http_status == 503


def _listening_ports(pid: int) -> set[int]:
    """TCP ports in LISTEN state owned by ``pid`` (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A = LISTEN
                address, port = cols[1].split(":")
                assert address in {"0100007F", "00000000000000000000000001000000"}, address
                ports.add(int(port, 16))
    return ports


def wait_until_gone(daemon: IpfsDaemon, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while daemon.running_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)


async def test_a_stopped_daemon_is_unavailable_and_a_restart_keeps_content(
    tmp_path: Path,
) -> None:
    daemon = IpfsDaemon(tmp_path, api_port=free_port())
    daemon.start()
    try:
        pid = daemon.running_pid()
        assert pid is not None
        assert _listening_ports(pid) == {daemon.api_port}
        config = json.loads((daemon.repo_dir / "config").read_text())
        assert config["Bootstrap"] == [] and config["Addresses"]["Swarm"] == []
        async with IpfsClient(daemon.api_url) as client:
            cid = await client.add(b"kept across restarts")
        daemon.stop()
        assert daemon.running_pid() is None and not daemon.pid_file.exists()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", daemon.api_port), timeout=1).close()
        async with IpfsClient(daemon.api_url) as client:
            with pytest.raises(DocumentStoreUnavailableError):
                await client.cat(cid)
        daemon.start()
        async with IpfsClient(daemon.api_url) as client:
            assert await client.cat(cid) == b"kept across restarts"
        crashed = daemon.running_pid()
        assert crashed is not None
        os.kill(crashed, signal.SIGKILL)  # a crash leaves the repo lock behind
        wait_until_gone(daemon)
        assert (daemon.repo_dir / "repo.lock").exists()
        daemon.start()
        async with IpfsClient(daemon.api_url) as client:
            assert await client.cat(cid) == b"kept across restarts"
    finally:
        daemon.stop()
