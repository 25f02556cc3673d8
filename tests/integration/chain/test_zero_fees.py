"""Zero fees on a free-gas network: an unfunded service account sends and deploys."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from eth_account import Account
from web3.types import TxParams

from node.chain import deploy_registry, deploying
from node.chain.txmanager import _NonceTaken
from node.errors import ChainError
from tests.conftest import free_port, make_settings
from tests.integration.chain.conftest import FREE_GAS, AnvilFactory


async def test_an_unfunded_account_sends_and_deploys_with_zero_fees(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil(*FREE_GAS)
    settings = make_settings(tmp_path, free_port(), rpc_urls=[url], zero_fees=True)
    account = Account.create()
    async with deploying(settings) as (client, txm):
        receipt = await txm.send(account, cast(TxParams, {"to": account.address, "gas": 21_000}))
        assert receipt["status"] == 1
        tx = await client.call(lambda w3: w3.eth.get_transaction(receipt["transactionHash"]))
        assert tx["maxFeePerGas"] == 0 and tx["maxPriorityFeePerGas"] == 0
        deployment = await deploy_registry(
            client, txm, account, [account.address], 1, settings.data_dir
        )
        code = await client.call(lambda w3: w3.eth.get_code(deployment.address))
        assert len(code) > 0
        balance = await client.call(lambda w3: w3.eth.get_balance(account.address))
        assert balance == 0


async def test_without_the_setting_an_unfunded_account_is_refused(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil(*FREE_GAS)
    settings = make_settings(tmp_path, free_port(), rpc_urls=[url])
    account = Account.create()
    async with deploying(settings) as (_client, txm):
        with pytest.raises(ChainError):
            await txm.send(account, cast(TxParams, {"to": account.address, "gas": 21_000}))


async def test_a_rebroadcast_the_node_already_holds_is_success(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil(*FREE_GAS, "--no-mining")
    settings = make_settings(tmp_path, free_port(), rpc_urls=[url], zero_fees=True)
    account = Account.create()
    async with deploying(settings) as (client, txm):
        tx = cast(
            dict[str, Any],
            {"to": account.address, "gas": 21_000, "nonce": 0, "chainId": client.chain_id},
        )
        raw = (
            "0x"
            + bytes(
                account.sign_transaction({**tx, **await txm._fee_fields()}).raw_transaction
            ).hex()
        )
        await txm._broadcast(raw)
        await txm._broadcast(raw)  # anvil: "transaction already imported"
        await client.call(lambda w3: w3.provider.make_request(cast(Any, "evm_mine"), []))
        with pytest.raises(_NonceTaken):  # mined now: "nonce too low"
            await txm._broadcast(raw)
