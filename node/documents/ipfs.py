"""``IpfsClient``: add, pin and read content over the Kubo-compatible RPC API, with httpx.

Not ``ipfshttpclient``: its version check refuses every daemon newer than Kubo 0.8. The calls
used here (``add``, ``cat``, ``version``) behave alike on js-ipfs and Kubo.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import httpx

from node.documents.errors import (
    DocumentNotFoundError,
    DocumentStoreError,
    DocumentStoreUnavailableError,
    DocumentTooLargeError,
    InvalidCidError,
)
from node.errors import ConfigError

__all__ = ["DEFAULT_MAX_BYTES", "IpfsClient", "api_url_from_multiaddr", "map_ipfs_errors"]

logger = logging.getLogger(__name__)

#: Public documents are JSON of modest size; refuse anything larger when reading.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024

_CID = re.compile(
    r"^(Qm[1-9A-HJ-NP-Za-km-z]{44}"  # v0, base58btc
    r"|b[a-z2-7]{50,}"  # v1, base32
    r"|z[1-9A-HJ-NP-Za-km-z]{40,})$"  # v1, base58btc
)
_MULTIADDR = re.compile(r"^/(ip4|ip6|dns|dns4|dns6)/([^/]+)/tcp/(\d+)(/(http|https))?/?$")
# How daemons word "I do not hold this and, offline, cannot fetch it".
_NOT_FOUND = re.compile(r"not found|timed out|timeout|offline|no link named", re.IGNORECASE)


def api_url_from_multiaddr(value: str) -> str:
    """Accept ``/ip4/127.0.0.1/tcp/5001/http`` (as in settings) or an http(s) URL."""
    if value.startswith(("http://", "https://")):
        return value.rstrip("/")
    match = _MULTIADDR.match(value)
    if match is None:
        raise ConfigError(f"not an IPFS API address: {value!r}")
    proto, host, port, _, scheme = match.groups()
    if proto == "ip6":
        host = f"[{host}]"
    return f"{scheme or 'http'}://{host}:{port}"


def _message(response: httpx.Response) -> str:
    """The daemon's error message (``{"Message": ...}``), or the raw body."""
    try:
        return str(json.loads(response.content)["Message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


@contextmanager
def map_ipfs_errors(api_url: str) -> Iterator[None]:
    """Translate httpx failures into the document store's errors, once, at the boundary."""
    try:
        yield
    except httpx.TransportError as exc:
        raise DocumentStoreUnavailableError(
            f"IPFS API at {api_url} did not answer: {type(exc).__name__}"
        ) from exc
    except httpx.HTTPError as exc:
        raise DocumentStoreError(f"IPFS API at {api_url} failed: {exc}") from exc


class IpfsClient:
    """Async client of one IPFS RPC API; use as ``async with`` or call ``aclose()``."""

    def __init__(
        self,
        api_url: str,
        *,
        timeout: float = 30.0,
        fetch_timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.api_url = api_url_from_multiaddr(api_url)
        self.fetch_timeout = fetch_timeout
        self._http = httpx.AsyncClient(
            base_url=f"{self.api_url}/api/v0", timeout=timeout, transport=transport
        )

    async def __aenter__(self) -> IpfsClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def _post_json(self, path: str, **kwargs: Any) -> dict[str, Any]:
        with map_ipfs_errors(self.api_url):
            response = await self._http.post(path, **kwargs)
        if response.status_code != 200:
            raise DocumentStoreError(f"IPFS {path} refused: {_message(response)}")
        # ``add`` answers in NDJSON; the last line describes the root.
        lines = [line for line in response.text.splitlines() if line.strip()]
        try:
            result = json.loads(lines[-1])
        except (IndexError, ValueError) as exc:
            raise DocumentStoreError(f"IPFS {path} answered with no JSON") from exc
        if not isinstance(result, dict):
            raise DocumentStoreError(f"IPFS {path} answered with unexpected JSON")
        return result

    async def version(self) -> str:
        """The daemon's version string; a cheap liveness check."""
        result = await self._post_json("/version")
        return str(result.get("Version", ""))

    async def add(self, data: bytes) -> str:
        """Store and pin ``data``; return its CID (v1, base32, raw leaves)."""
        params = {
            "cid-version": "1",
            "cid-base": "base32",
            "raw-leaves": "true",
            "hash": "sha2-256",
            "pin": "true",
        }
        files = {"file": ("document", data, "application/octet-stream")}
        result = await self._post_json("/add", params=params, files=files)
        cid = result.get("Hash")
        if not isinstance(cid, str) or not _CID.match(cid):
            raise DocumentStoreError(f"IPFS add answered without a CID: {result!r}")
        logger.debug("added %d bytes as %s", len(data), cid)
        return cid

    async def cat(self, cid: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        """The content of ``cid``, refusing more than ``max_bytes``."""
        if not _CID.match(cid):
            raise InvalidCidError(f"not a CID: {cid[:80]!r}")
        params = {
            "arg": cid,
            "length": str(max_bytes + 1),
            # An offline daemon waits forever for a block it lacks; bound the wait.
            "timeout": f"{int(self.fetch_timeout * 1000)}ms",
        }
        with map_ipfs_errors(self.api_url):
            async with self._http.stream("POST", "/cat", params=params) as response:
                if response.status_code != 200:
                    await response.aread()
                    self._raise_for_cat(cid, response)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise DocumentTooLargeError(
                            f"content of {cid} exceeds {max_bytes} bytes", cid=cid
                        )
        return bytes(body)

    @staticmethod
    def _raise_for_cat(cid: str, response: httpx.Response) -> None:
        message = _message(response)
        if response.status_code == 400 or "invalid" in message.lower():
            raise InvalidCidError(f"IPFS refused {cid!r}: {message}")
        if _NOT_FOUND.search(message):
            raise DocumentNotFoundError(f"no content for {cid} on this node", cid=cid)
        raise DocumentStoreError(f"IPFS cat {cid} failed: {message}")
