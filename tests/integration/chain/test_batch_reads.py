"""Registry reads in one JSON-RPC batch: each answer in its place, a refusal only its own."""

from __future__ import annotations

import pytest

from node.chain import ChainClient
from node.chain.connect import open_reader
from node.config import CoreSettings
from node.errors import ChainUnavailableError
from node.ledger import GOVERNOR_KEY, Ledger
from tests.conftest import free_port


async def test_a_batch_answers_each_request_in_the_order_asked(
    chain_settings: CoreSettings,
) -> None:
    async with ChainClient(chain_settings.effective_rpc_urls, chain_settings.chain_id) as client:
        answers = await client.request_batch(
            [("eth_chainId", []), ("eth_noSuchMethod", []), ("eth_blockNumber", [])]
        )
        assert int(answers[0]["result"], 16) == chain_settings.chain_id
        assert "error" in answers[1] and "result" not in answers[1]
        assert int(answers[2]["result"], 16) >= 0
        assert await client.request_batch([]) == []


async def test_read_many_gives_the_same_answers_as_single_reads(
    chain_settings: CoreSettings, ledger: Ledger
) -> None:
    governor = ledger.account(GOVERNOR_KEY).address
    reader = await open_reader(chain_settings)
    try:
        calls = [("isGovernor", (governor,)), ("quorum", ()), ("isGovernor", ("0x" + "12" * 20,))]
        assert await reader.read_many(calls) == [
            await reader.is_governor(governor),
            await reader.quorum(),
            False,
        ]
        assert (await reader.read_many([("isGovernor", (governor,))]))[0] is True
    finally:
        await reader.client.close()


async def test_a_node_that_is_down_fails_the_whole_batch(ledger: Ledger) -> None:
    client = ChainClient(
        [f"http://127.0.0.1:{free_port()}"], ledger.client.chain_id, retries=1, backoff=0.01
    )
    try:
        reader = ledger.registry.at(ledger.registry.address)
        reader.client = client
        with pytest.raises(ChainUnavailableError):
            await reader.read_many([("quorum", ()), ("governorCount", ())])
    finally:
        await client.close()
