"""Registry reads through ``ChainClient.request``, on the client's own kept-alive session."""

from __future__ import annotations

from node.chain import ChainClient
from node.chain.connect import open_reader
from node.config import CoreSettings
from node.ledger import GOVERNOR_KEY, Ledger


async def test_reads_answer_and_survive_the_session_being_closed(
    chain_settings: CoreSettings, ledger: Ledger
) -> None:
    governor = ledger.account(GOVERNOR_KEY).address
    reader = await open_reader(chain_settings)
    try:
        assert await reader.is_governor(governor)
        assert not await reader.is_governor("0x" + "12" * 20)
        await reader.client.close()  # a later read opens a session again
        assert await reader.is_governor(governor)
    finally:
        await reader.client.close()


async def test_a_request_names_its_answer_or_the_nodes_error(chain_settings: CoreSettings) -> None:
    async with ChainClient(chain_settings.effective_rpc_urls, chain_settings.chain_id) as client:
        answer = await client.request("eth_chainId", [])
        assert int(answer["result"], 16) == chain_settings.chain_id
        refused = await client.request("eth_noSuchMethod", [])
        assert "error" in refused and "result" not in refused
