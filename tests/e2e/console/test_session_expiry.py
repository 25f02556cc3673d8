"""An expired console session is refused with a message, on an issuer of its own.

The issuer here gives sessions two seconds, so it has its own data dir and database: the
session issuer's operators and sessions are not touched.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator

import pytest

from devnet import IpfsDaemon
from issuer.app import create_app
from issuer.bootstrap import bootstrap_issuer, documents_record
from node.config import CoreSettings
from tests.e2e.conftest import RunningIssuer, issuer_settings
from tests.e2e.console.console import (
    alert,
    browser,
    goto,
    heading,
    set_password_by_cli,
    sign_in,
    submit,
)
from tests.e2e.resilience.issuers import own_data_dir
from tests.servers import serve

SESSION_SECONDS = 2.0


@pytest.fixture(scope="module")
def short_sessions(
    chain_settings: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    tmp_path_factory: pytest.TempPathFactory,
    running_issuer: RunningIssuer,
) -> Iterator[RunningIssuer]:
    """An issuer whose console sessions last two seconds.

    The session issuer has published the framework and catalog on this chain already; this
    one takes its record of them, so bootstrapping does not publish the same versions again.
    """
    data_dir = own_data_dir(chain_settings, tmp_path_factory.mktemp("console-issuer"))
    record = documents_record(running_issuer.settings.data_dir)
    documents_record(data_dir).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(record, documents_record(data_dir))
    settings = issuer_settings(
        chain_settings, ipfs_daemon, data_dir=data_dir, console_session_seconds=SESSION_SECONDS
    )
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    admin_key = (data_dir / "issuer-admin.key").read_text().strip()
    with serve(create_app(settings, fast_kdf=True), settings.issuer_port) as url:
        set_password_by_cli(url, admin_key, "admin")
        yield RunningIssuer(url, settings, admin_key)


async def test_an_expired_session_is_refused_with_a_message(
    short_sessions: RunningIssuer,
) -> None:
    base = short_sessions.url
    async with browser() as page:
        await sign_in(page, base, "admin")
        signed_in = time.monotonic()
        assert await heading(page) == "Review queue", await alert(page)
        await goto(page, f"{base}/console/applications/new")
        await page.fill("learner_did", "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH")
        # the operator steps away for longer than a session lasts
        await asyncio.sleep(max(0.0, SESSION_SECONDS + 1 - (time.monotonic() - signed_in)))
        await submit(page, "submit-application")
        assert await heading(page) == "Sign in"
        assert "Session expired" in await alert(page)
        assert "sign in again" in await alert(page)
        await goto(page, f"{base}/console/credentials")
        assert "Session expired" in await alert(page)
