"""Connection to a chain node: failover across configured members, retries, error mapping.

web3, aiohttp and socket exceptions are translated here, once, into ``node.errors``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import aiohttp
from aiohttp import ClientSession, TCPConnector
from web3 import AsyncHTTPProvider, AsyncWeb3
from web3.exceptions import ContractCustomError, ContractLogicError, TimeExhausted, Web3RPCError
from web3.middleware import ExtraDataToPOAMiddleware

from node.chain.reverts import RevertDecoder
from node.errors import (
    ChainMismatchError,
    ChainUnavailableError,
    ContractRevertError,
    TransactionError,
)

__all__ = ["CONNECTION_ERRORS", "ChainClient", "map_chain_errors"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: What "the node did not answer" looks like from web3's HTTP provider.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectionError,
    aiohttp.ClientPayloadError,
    ConnectionError,
    asyncio.TimeoutError,
    OSError,
)


@contextmanager
def map_chain_errors(decoder: RevertDecoder | None = None) -> Iterator[None]:
    """Translate web3's exceptions into ours, decoding custom errors when we can."""
    try:
        yield
    except ContractCustomError as exc:
        if decoder is None:
            raise ContractRevertError(str(exc)) from exc
        raise decoder.decode(exc.data if isinstance(exc.data, str) else None) from exc
    except ContractLogicError as exc:
        raise ContractRevertError(str(exc.message or exc)) from exc
    except TimeExhausted as exc:
        raise TransactionError(f"transaction not mined in time: {exc}") from exc
    except Web3RPCError as exc:
        raise TransactionError(f"node refused the request: {exc.message or exc}") from exc


class ChainClient:
    """An ``AsyncWeb3`` bound to the first healthy node of a list, on the expected chain."""

    def __init__(
        self,
        urls: list[str],
        chain_id: int,
        *,
        retries: int = 5,
        backoff: float = 0.2,
        request_timeout: float = 10.0,
    ) -> None:
        if not urls:
            raise ValueError("at least one node URL is needed")
        self.urls = urls
        self.chain_id = chain_id
        self.retries = retries
        self.backoff = backoff
        self.request_timeout = request_timeout
        self._active = 0
        self.w3 = self._web3(urls[0])
        self._session_loop: asyncio.AbstractEventLoop | None = None
        #: the kept-alive session web3 uses for ``self.w3`` on ``_session_loop``
        self._session: ClientSession | None = None
        self._request_ids = itertools.count(1)

    @property
    def url(self) -> str:
        """The node currently in use."""
        return self.urls[self._active]

    def _web3(self, url: str) -> AsyncWeb3[AsyncHTTPProvider]:
        provider = AsyncHTTPProvider(
            url,
            request_kwargs={"timeout": aiohttp.ClientTimeout(total=self.request_timeout)},
            exception_retry_configuration=None,
        )
        w3 = AsyncWeb3(provider)
        # Clique and QBFT put signatures in extraData; the middleware keeps web3 from refusing it
        w3.middleware_onion.inject(ExtraDataToPOAMiddleware, layer=0)
        return w3

    async def _keep_alive(self, w3: AsyncWeb3[AsyncHTTPProvider]) -> ClientSession:
        """Give web3 a session that keeps connections open (its own opens one per request).

        A new TCP connection per JSON-RPC call tripled the cost of a registry read; sessions
        belong to an event loop, so each loop that calls gets its own.
        """
        loop = asyncio.get_running_loop()
        session = ClientSession(
            raise_for_status=True,
            connector=TCPConnector(limit=64, keepalive_timeout=30),
            timeout=aiohttp.ClientTimeout(total=self.request_timeout),
        )
        cached = await w3.provider.cache_async_session(session)
        if cached is not session:  # web3 already holds a session for this loop: keep that one
            await session.close()
        if w3 is self.w3:
            self._session_loop, self._session = loop, cached
        return cached

    async def connect(self) -> None:
        """Pick the first node that answers on the configured chain id, naming each failure."""
        problems: list[str] = []
        for index, url in enumerate(self.urls):
            w3 = self._web3(url)
            try:
                session = await self._keep_alive(w3)
                chain_id = await w3.eth.chain_id
            except CONNECTION_ERRORS as exc:
                problems.append(f"{url}: unreachable ({type(exc).__name__})")
                await w3.provider.disconnect()
                continue
            if chain_id != self.chain_id:
                problems.append(f"{url}: chain id {chain_id}, expected {self.chain_id}")
                await w3.provider.disconnect()
                continue
            previous, self._active, self.w3 = self.w3, index, w3
            self._session_loop, self._session = asyncio.get_running_loop(), session
            await previous.provider.disconnect()
            logger.info("using chain node %s (chain id %d)", url, chain_id)
            return
        if problems and all("chain id" in p for p in problems):
            raise ChainMismatchError("; ".join(problems), nodes=self.urls)
        raise ChainUnavailableError(
            "no chain node answered: " + "; ".join(problems), nodes=self.urls
        )

    async def __aenter__(self) -> ChainClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP sessions to the node."""
        await self.w3.provider.disconnect()

    async def request(self, method: str, params: list[Any]) -> dict[str, Any]:
        """One JSON-RPC request on the kept-alive session; the answer with its result or error.

        The registry's reads come here rather than through web3's provider, which takes a
        thread-pool lock on every request to find its session: a thread hand-off that cost
        milliseconds a read under load. Retries and failover are ``call``'s, as for any op.
        """

        async def post(w3: AsyncWeb3[AsyncHTTPProvider]) -> dict[str, Any]:
            body = {"jsonrpc": "2.0", "id": next(self._request_ids), "method": method}
            decoded = await self._post(w3, {**body, "params": params})
            if not isinstance(decoded, dict):
                raise TransactionError(f"node answered {method} with no JSON-RPC object")
            return decoded

        return await self.call(post)

    async def request_batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        """Several JSON-RPC requests in one HTTP exchange (a JSON-RPC batch); answers in order.

        Twenty reads cost a verifier ~8 ms of CPU as twenty requests and ~0.4 ms as one batch.
        Each request is still its own (an ``eth_call`` at ``latest`` is read afresh); an answer
        the node left out of its reply comes back as an error answer, never as a result.
        """

        async def post(w3: AsyncWeb3[AsyncHTTPProvider]) -> list[dict[str, Any]]:
            ids = [next(self._request_ids) for _ in calls]
            body = [
                {"jsonrpc": "2.0", "id": i, "method": method, "params": params}
                for i, (method, params) in zip(ids, calls, strict=True)
            ]
            decoded = await self._post(w3, body)
            if not isinstance(decoded, list):
                raise TransactionError("node answered a JSON-RPC batch with no list of answers")
            by_id = {a.get("id"): a for a in decoded if isinstance(a, dict)}
            missing = {"error": {"message": "no answer to this request in the node's batch reply"}}
            return [by_id.get(i, missing) for i in ids]

        return await self.call(post) if calls else []

    async def _post(self, w3: AsyncWeb3[AsyncHTTPProvider], body: object) -> object:
        """POST a JSON-RPC body on the kept-alive session; the decoded answer, unchecked."""
        session = self._session
        if session is None or session.closed:  # closed by ``close`` or a failover
            session = await self._keep_alive(w3)
        async with session.post(self.url, json=body) as answer:
            decoded: object = await answer.json(content_type=None)
        return decoded

    async def call(self, op: Callable[[AsyncWeb3[AsyncHTTPProvider]], Awaitable[T]]) -> T:
        """Run ``op`` with retries and backoff, failing over to other nodes between tries."""
        delay = self.backoff
        last: BaseException | None = None
        for attempt in range(self.retries + 1):
            try:
                if self._session_loop is not asyncio.get_running_loop():
                    await self._keep_alive(self.w3)
                return await op(self.w3)
            except CONNECTION_ERRORS as exc:
                last = exc
                logger.warning(
                    "chain node %s unreachable (attempt %d): %s", self.url, attempt + 1, exc
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
            try:
                await self.connect()
            except ChainUnavailableError:
                continue
        raise ChainUnavailableError(
            f"chain node {self.url} unreachable after {self.retries + 1} attempts",
            nodes=self.urls,
        ) from last
