"""Zero fees on a free-gas network: an unfunded service account sends and deploys."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from eth_account import Account
from sqlalchemy import select
from web3.types import TxParams

from node.chain import deploy_registry, deploying
from node.chain.txmanager import TxManager, _NonceTaken
from node.errors import ChainError
from node.storage import TxRecord
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


async def test_resume_goes_on_past_a_journalled_transaction_the_node_already_holds(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil(*FREE_GAS, "--no-mining")
    settings = make_settings(tmp_path, free_port(), rpc_urls=[url], zero_fees=True)
    account = Account.create()
    async with deploying(settings) as (client, txm):
        tx = {"to": account.address, "gas": 21_000, "nonce": 0, "chainId": client.chain_id}
        signed = account.sign_transaction({**tx, **await txm._fee_fields()})
        raw, tx_hash = "0x" + bytes(signed.raw_transaction).hex(), "0x" + bytes(signed.hash).hex()
        # a crash after the broadcast: the node holds the bytes, the journal says "sent"
        await client.call(lambda w3: w3.eth.send_raw_transaction(signed.raw_transaction))
        await txm._journal_write("resume-known", account.address, 0, tx_hash, raw)
        txm.timeout = 0.5  # nothing is mined: resume re-sends (known), waits, and goes on
        assert await txm.resume() == 1
        assert await _status(txm, tx_hash) == "sent"
        await client.call(lambda w3: w3.provider.make_request(cast(Any, "evm_mine"), []))
        assert await txm.resume() == 1
        assert await _status(txm, tx_hash) == "mined"


async def _status(txm: TxManager, tx_hash: str) -> str | None:
    async with txm.db.session() as session:
        row = await session.scalar(select(TxRecord).where(TxRecord.tx_hash == tx_hash))
    return None if row is None else row.status
