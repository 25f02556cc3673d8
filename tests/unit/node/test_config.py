from pathlib import Path

import pytest
from pydantic import ValidationError

from node.config import CoreSettings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(__import__("os").environ):
        if key.startswith("CREDITBANK_"):
            monkeypatch.delenv(key)
    settings = CoreSettings()
    assert settings.bind_host == "127.0.0.1"
    assert settings.embedded_chain
    assert settings.effective_rpc_urls == ["http://127.0.0.1:8545"]
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.effective_database_url.endswith("/.creditbank/creditbank.db")
    assert settings.uses_dev_passphrase()


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CREDITBANK_RPC_URLS", '["http://127.0.0.1:9000","http://127.0.0.1:9001"]')
    monkeypatch.setenv("CREDITBANK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CREDITBANK_DATABASE_URL", "postgresql+asyncpg://db/creditbank")
    settings = CoreSettings()
    assert not settings.embedded_chain
    assert settings.effective_rpc_urls[1] == "http://127.0.0.1:9001"
    assert settings.data_dir == tmp_path
    assert settings.effective_database_url == "postgresql+asyncpg://db/creditbank"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "not-an-address"])
def test_unsafe_or_malformed_bind_host_is_refused(host: str) -> None:
    with pytest.raises(ValidationError):
        CoreSettings(bind_host=host)
