"""The wallet service served over the session chain; the shared Verifier checks what it keeps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import free_port
from tests.e2e.learners import checker_factory
from tests.servers import serve
from wallet import WalletSettings
from wallet.app import create_app


@pytest.fixture
def wallet_url(wallet_settings: WalletSettings) -> Iterator[str]:
    """The wallet service served on a free loopback port."""
    settings = wallet_settings.model_copy(update={"wallet_port": free_port()})
    with serve(
        create_app(settings, checker_factory=checker_factory()), settings.wallet_port
    ) as url:
        yield url
