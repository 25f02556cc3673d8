"""``creditbank consortium deploy`` with production arguments, onto a plain anvil."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from eth_account import Account
from typer.testing import CliRunner
from web3 import Web3

from creditbank.cli import app
from node.chain import load_artifact
from node.keystore import Keystore
from tests.conftest import TEST_PASSPHRASE
from tests.integration.chain.conftest import AnvilFactory


def _env(data_dir: Path) -> dict[str, str]:
    return {
        "CREDITBANK_DATA_DIR": str(data_dir),
        "CREDITBANK_KEYSTORE_PASSPHRASE": TEST_PASSPHRASE,
        "CREDITBANK_CHAIN_ID": "31337",
    }


def test_deploy_with_given_governors_and_quorum(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil()
    deployer = Keystore(tmp_path / "keys", TEST_PASSPHRASE, fast_kdf=True).create("deployer")
    w3 = Web3(Web3.HTTPProvider(url))
    w3.provider.make_request(cast(Any, "anvil_setBalance"), [deployer.address, hex(10**20)])
    first, second = Account.create().address, Account.create().address
    outsider = Account.create().address

    result = CliRunner(env=_env(tmp_path)).invoke(
        app,
        ["consortium", "deploy", "--governor", first, "--governor", second, "--quorum", "2",
         "--deployer-key-name", "deployer", "--rpc-url", url],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    address = result.output.split("registry: ")[1].split()[0]
    registry = w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_artifact().abi)
    assert registry.functions.quorum().call() == 2
    assert registry.functions.governorCount().call() == 2
    assert registry.functions.isGovernor(first).call()
    assert registry.functions.isGovernor(second).call()
    assert not registry.functions.isGovernor(outsider).call()
    assert not registry.functions.isGovernor(deployer.address).call()


def test_a_quorum_the_governors_cannot_meet_is_refused_before_any_node_is_asked(
    tmp_path: Path,
) -> None:
    governors = [Account.create().address, Account.create().address]
    result = CliRunner(env=_env(tmp_path)).invoke(
        app,
        ["consortium", "deploy", "--governor", governors[0], "--governor", governors[1],
         "--quorum", "3", "--deployer-key-name", "deployer", "--rpc-url", "http://127.0.0.1:9"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "quorum" in result.output


def test_governors_without_a_deployer_key_are_refused(tmp_path: Path) -> None:
    result = CliRunner(env=_env(tmp_path)).invoke(
        app, ["consortium", "deploy", "--governor", Account.create().address]
    )
    assert result.exit_code == 2
    assert "deployer-key-name" in result.output


def test_a_missing_deployer_key_is_our_error_not_a_traceback(
    flagged_anvil: AnvilFactory, tmp_path: Path
) -> None:
    url = flagged_anvil()
    result = CliRunner(env=_env(tmp_path)).invoke(
        app,
        ["consortium", "deploy", "--governor", Account.create().address,
         "--deployer-key-name", "nobody", "--rpc-url", url],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no key named 'nobody'" in result.output
