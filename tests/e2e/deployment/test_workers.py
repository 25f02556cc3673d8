"""Two issuer workers on one PostgreSQL, issuing at once: every credential anchored once.

``creditbank serve issuer --workers 2`` runs two uvicorn worker processes, each with its own
anchorer and transaction manager. They share nothing but the database, whose locks give the
signing account one writer at a time: no nonce is used twice, nothing is lost or doubled.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from devnet import IpfsDaemon
from issuer.bootstrap import bootstrap_issuer
from issuer.models import AnchorBatch, IssuedCredential
from issuer.settings import IssuerSettings
from node.config import CoreSettings
from node.credentials import did_key, generate_key
from node.ledger import Ledger
from node.storage import Database, TxRecord
from node.types import to_bytes32
from tests.conftest import TEST_PASSPHRASE
from tests.e2e.conftest import issuer_settings
from tests.e2e.issuer.helpers import auth
from tests.servers import PostgresServer

CREDITBANK = str(Path(sys.executable).with_name("creditbank"))
SINGLE = 24  # POST /issuance calls, all at once
ROWS = 12  # rows in each of two certificate lists imported at the same time


def env_of(settings: IssuerSettings) -> dict[str, str]:
    """The settings as the environment a served process reads them from."""
    env = dict(os.environ)
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            plain = value if isinstance(value, str) else json.dumps(value)
            env[f"CREDITBANK_{name.upper()}"] = plain
    env["CREDITBANK_KEYSTORE_PASSPHRASE"] = TEST_PASSPHRASE
    return env


@pytest.fixture
def workers(
    own_chain: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    postgres: PostgresServer,
    tmp_path: Path,
) -> Iterator[tuple[IssuerSettings, subprocess.Popen[bytes], Path]]:
    """An issuer on the test's own chain and a PostgreSQL database, served by two workers."""
    settings = issuer_settings(
        own_chain,
        ipfs_daemon,
        database_url=postgres.create_database(),
        batch_size=5,
        batch_max_age_seconds=0.2,
    )
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    log = tmp_path / "issuer.log"
    with log.open("wb") as out:
        served = subprocess.Popen(  # noqa: S603 - our own command
            [CREDITBANK, "serve", "issuer", "--workers", "2"],
            env=env_of(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield settings, served, log
    finally:
        served.send_signal(signal.SIGTERM)
        try:
            served.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(served.pid, signal.SIGKILL)
            served.wait(timeout=10)


def _children(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(p) for p in children.read_text().split()} if children.exists() else set()


async def _issue_all(url: str, admin: str) -> list[str]:
    """Single issuances and two certificate lists, all in flight together, new connections each."""
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:

        async def one(i: int) -> list[str]:
            answer = await http.post(
                "/issuance",
                json={
                    "learner_did": did_key(generate_key()),
                    "standard_code": "1X-WFED",
                    "grade": "intermediate",
                },
                headers=auth(admin),
            )
            assert answer.status_code == 201, answer.text
            return [answer.json()["issued"]["credential_id"]]

        async def listing(tag: str) -> list[str]:
            lines = ["learner_did,standard_code,grade,result,credits_earned,issued_on"]
            lines += [
                f"{did_key(generate_key())},CRS-PYTHON,,Pass,,2025-06-01" for i in range(ROWS)
            ]
            answer = await http.post(
                "/imports/certificates", content="\n".join(lines) + "\n", headers=auth(admin)
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["accepted"] == ROWS, answer.text
            return [str(i) for i in range(ROWS)]

        done = await asyncio.gather(*(one(i) for i in range(SINGLE)), listing("A"), listing("B"))
    return [c for batch in done for c in batch]


async def _settled(settings: IssuerSettings) -> dict[str, object]:
    """Wait until nothing is left to anchor; then what the database and the chain say."""
    db = Database(settings.effective_database_url)
    ledger = await Ledger.open(settings.model_copy(update={"database_url": None}), fast_kdf=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            async with db.session() as session:
                waiting = await session.scalar(
                    select(func.count()).where(IssuedCredential.status != "anchored")
                )
            if waiting == 0:
                break
            assert time.monotonic() < deadline, f"{waiting} credentials never anchored"
            await asyncio.sleep(0.3)
        async with db.session() as session:
            creds = (await session.execute(select(IssuedCredential.batch_root))).all()
            batches = (await session.scalars(select(AnchorBatch))).all()
            journal = (await session.scalars(select(TxRecord))).all()
        on_chain = {b.root: await ledger.registry.batch(to_bytes32(b.root)) for b in batches}
        return {"creds": creds, "batches": batches, "journal": journal, "on_chain": on_chain}
    finally:
        await db.close()
        await ledger.close()


def test_two_issuer_workers_on_postgresql_issue_concurrently_without_collisions(
    workers: tuple[IssuerSettings, subprocess.Popen[bytes], Path],
) -> None:
    settings, served, log = workers
    url = settings.issuer_public_url
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert served.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)
    while log.read_text().count("Application startup complete") < 2:
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)
    started = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(started) == 2 and {int(p) for p in started} <= _children(served.pid)
    admin = (settings.data_dir / "issuer-admin.key").read_text().strip()

    issued = asyncio.run(_issue_all(url, admin))
    assert len(issued) == SINGLE + 2 * ROWS
    found = asyncio.run(_settled(settings))

    creds = found["creds"]
    batches = found["batches"]
    journal = found["journal"]
    on_chain = found["on_chain"]
    assert isinstance(creds, list) and isinstance(batches, list) and isinstance(journal, list)
    assert isinstance(on_chain, dict)
    # nothing lost, nothing doubled
    assert len(creds) == SINGLE + 2 * ROWS
    assert all(b.status == "anchored" for b in batches)
    assert sum(b.count for b in batches) == len(creds)
    members: dict[str, int] = {}
    for (root,) in creds:
        members[root] = members.get(root, 0) + 1
    assert members == {b.root: b.count for b in batches}
    # every batch anchored on chain, all by this issuer's one account
    assert all(on_chain[b.root].exists for b in batches)
    anchors = [t for t in journal if t.key.startswith("anchor:")]
    assert {on_chain[b.root].issuer for b in batches} == {t.sender for t in anchors}
    # one writer per account: no nonce used twice, none taken from under another worker
    assert journal and all(t.status == "mined" for t in journal), [t.status for t in journal]
    nonces = [(t.sender, t.nonce) for t in journal]
    assert len(nonces) == len(set(nonces))
    assert sorted(t.key for t in anchors) == sorted(f"anchor:{b.root}" for b in batches)
