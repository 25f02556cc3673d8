"""How the IPFS client reads daemon answers and maps failures (no daemon: a mock transport)."""

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from devnet import IpfsDaemon
from devnet.ipfs import network_config
from node.documents import (
    DocumentNotFoundError,
    DocumentStoreError,
    DocumentStoreUnavailableError,
    DocumentTooLargeError,
    InvalidCidError,
    IpfsClient,
    api_url_from_multiaddr,
)
from node.errors import ConfigError

CID = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"


def client(handler: Callable[[httpx.Request], httpx.Response]) -> IpfsClient:
    return IpfsClient("http://127.0.0.1:5001", transport=httpx.MockTransport(handler))


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"Message": message, "Code": 0, "Type": "error"})


@pytest.mark.parametrize(
    ("addr", "url"),
    [
        ("/ip4/127.0.0.1/tcp/5001/http", "http://127.0.0.1:5001"),
        ("/ip4/127.0.0.1/tcp/5001", "http://127.0.0.1:5001"),
        ("/dns4/ipfs.member.example/tcp/443/https", "https://ipfs.member.example:443"),
        ("/ip6/::1/tcp/5001/http", "http://[::1]:5001"),
        ("http://127.0.0.1:5001/", "http://127.0.0.1:5001"),
    ],
)
def test_api_addresses(addr: str, url: str) -> None:
    assert api_url_from_multiaddr(addr) == url


def test_bad_api_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        api_url_from_multiaddr("/ip4/127.0.0.1/udp/5001")


async def test_add_asks_for_pinned_cid_v1_and_reads_the_last_ndjson_line() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        lines = [{"Name": "x", "Hash": "bafyreiignored"}, {"Name": "document", "Hash": CID}]
        body = "".join(json.dumps(line) + "\n" for line in lines)
        return httpx.Response(200, text=body)

    async with client(handler) as ipfs:
        assert await ipfs.add(b"hello") == CID
    params = seen[0].url.params
    assert seen[0].method == "POST" and seen[0].url.path == "/api/v0/add"
    assert params["cid-version"] == "1" and params["pin"] == "true"
    assert b"hello" in seen[0].read()


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (error(500, "Failed to cat file: request timed out"), DocumentNotFoundError),
        (error(500, "block was not found locally (offline)"), DocumentNotFoundError),
        (error(400, "Invalid request query input"), InvalidCidError),
        (error(500, "disk on fire"), DocumentStoreError),
        (httpx.Response(502, text="<html>bad gateway</html>"), DocumentStoreError),
    ],
)
async def test_cat_failures_map_to_document_errors(
    response: httpx.Response, expected: type[Exception]
) -> None:
    async with client(lambda _request: response) as ipfs:
        with pytest.raises(expected):
            await ipfs.cat(CID)


async def test_cat_bounds_the_wait_and_the_size() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"x" * 11)

    async with client(handler) as ipfs:
        with pytest.raises(DocumentTooLargeError):
            await ipfs.cat(CID, max_bytes=10)
        assert await ipfs.cat(CID, max_bytes=11) == b"x" * 11
    assert seen[0].url.params["length"] == "11"
    assert seen[0].url.params["timeout"] == "5000ms"


async def test_malformed_cids_never_reach_the_daemon() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("should not be called")

    async with client(handler) as ipfs:
        for bad in ["", "Qm123", "bafy/../../etc", CID + "?x=1", "z0OIl"]:
            with pytest.raises(InvalidCidError):
                await ipfs.cat(bad)


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("x")],
)
async def test_transport_failures_are_unavailable(exc: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    async with client(handler) as ipfs:
        with pytest.raises(DocumentStoreUnavailableError) as info:
            await ipfs.version()
    assert info.value.__cause__ is exc


async def test_add_without_a_cid_is_a_store_error() -> None:
    async with client(lambda _r: httpx.Response(200, json={"Name": "x"})) as ipfs:
        with pytest.raises(DocumentStoreError, match="without a CID"):
            await ipfs.add(b"x")


def test_network_config_keeps_everything_on_loopback() -> None:
    config = network_config(5123)
    assert config["Addresses"]["API"] == "/ip4/127.0.0.1/tcp/5123"
    assert config["Addresses"]["Gateway"] == "" and config["Addresses"]["RPC"] == ""
    assert config["Addresses"]["Swarm"] == [] and config["Addresses"]["Delegates"] == []
    assert config["Bootstrap"] == []
    assert config["Discovery"]["MDNS"]["Enabled"] is False
    assert network_config(5123, 8081)["Addresses"]["Gateway"] == "/ip4/127.0.0.1/tcp/8081"


def test_daemon_paths_and_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    daemon = IpfsDaemon(tmp_path, api_port=5123)
    assert daemon.api_url == "http://127.0.0.1:5123"
    assert daemon.repo_dir == tmp_path / "ipfs" / "repo"
    assert daemon.running_pid() is None
    daemon.stop()  # nothing to stop is fine
    with pytest.raises(ConfigError):
        IpfsDaemon(tmp_path, api_port=70000)
    monkeypatch.setenv("CREDITBANK_IPFS_LOCAL", str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match="npm ci"):
        daemon.start()
