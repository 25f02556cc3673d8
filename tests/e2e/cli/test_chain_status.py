"""``creditbank chain status`` reaches the node through the one connection factory."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from creditbank.cli import app
from node.config import CoreSettings
from tests.conftest import free_port
from tests.e2e.deployment.served import env_of


def test_status_names_the_head_block_and_the_recorded_registry(
    chain_settings: CoreSettings,
) -> None:
    record = chain_settings.data_dir / "deployments" / f"{chain_settings.chain_id}.json"
    address = json.loads(record.read_text())["address"]
    result = CliRunner(env=env_of(chain_settings)).invoke(app, ["chain", "status"])
    assert result.exit_code == 0, result.output
    assert f"chain id {chain_settings.chain_id}, head block" in result.output
    assert f"registry: {address}" in result.output


def test_status_of_a_silent_node_fails_with_a_code(chain_settings: CoreSettings) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    env = env_of(chain_settings, CREDITBANK_RPC_URLS=json.dumps([dead]))
    result = CliRunner(env=env).invoke(app, ["chain", "status"])
    assert result.exit_code != 0
    assert "CHAIN_UNAVAILABLE" in result.output, result.output
