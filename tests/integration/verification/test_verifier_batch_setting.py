"""The verifier service batches its status reads unless ``CREDITBANK_BATCH_CHAIN_READS`` is off."""

from __future__ import annotations

from pathlib import Path

import pytest

from node.config import CoreSettings
from verifier.app import open_context
from verifier.settings import VerifierSettings


@pytest.mark.parametrize(("env", "batched"), [(None, True), ("false", False)])
async def test_the_setting_decides_whether_status_reads_are_batched(
    chain_settings: CoreSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: str | None,
    batched: bool,
) -> None:
    if env is not None:
        monkeypatch.setenv("CREDITBANK_BATCH_CHAIN_READS", env)
    settings = VerifierSettings(
        **{
            **chain_settings.model_dump(exclude={"batch_chain_reads"}),
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'verifier.db'}",
        }
    )
    assert settings.batch_chain_reads is batched
    ctx = await open_context(settings)
    try:
        assert (ctx.verifier.view.fresh is not None) is batched
    finally:
        await ctx.close()
