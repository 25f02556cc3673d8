"""A certificate list sealed in the bulk signing pool gives the same credentials as in-process.

Real worker processes, real signatures (verified here), the real database and chain.
"""

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from devnet import IpfsDaemon
from issuer.context import IssuerContext
from issuer.imports import Imports
from issuer.models import AuditEntry, IssuedCredential
from node.config import CoreSettings
from node.credentials import credential_hash, did_key, generate_key
from node.credentials.signing import verify_credential
from tests.integration.issuer.opened import bootstrapped, opened

ROWS = 24


@pytest.fixture
async def ctx(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon
) -> AsyncIterator[IssuerContext]:
    settings = await bootstrapped(
        chain_settings, ipfs_daemon, bulk_signing_processes=2, bulk_signing_min_rows=ROWS
    )
    async with opened(settings) as context:
        yield context


def certificate_list(rows: int) -> bytes:
    grades = ("primary", "intermediate", "advanced")
    lines = ["learner_did,standard_code,grade,result,credits_earned,issued_on"]
    lines += [
        f"{did_key(generate_key())},1X-WFED,{grades[i % 3]},Pass,,2026-06-{1 + i:02d}"
        for i in range(rows)
    ]
    lines.append(f"{did_key(generate_key())},NO-SUCH-STANDARD,,Pass,,2026-06-01")
    return ("\n".join(lines) + "\n").encode()


async def rows_of(ctx: IssuerContext, dids: set[str]) -> list[IssuedCredential]:
    async with ctx.ledger.db.session() as session:
        found = await session.scalars(
            select(IssuedCredential).where(IssuedCredential.learner_did.in_(dids))
        )
        return list(found.all())


def learners(csv: bytes) -> set[str]:
    return {line.split(",")[0] for line in csv.decode().splitlines()[1:]}


async def test_a_pooled_import_issues_verifiable_credentials_like_an_in_process_one(
    ctx: IssuerContext,
) -> None:
    pooled_csv, small_csv = certificate_list(ROWS), certificate_list(ROWS - 1)
    pooled = await Imports(ctx).certificates(pooled_csv, "test")
    assert ctx.signing_pool is not None  # the list was large enough for the pool
    in_process = await Imports(ctx).certificates(small_csv, "test")  # below the pool's minimum
    assert (pooled.accepted, in_process.accepted) == (ROWS, ROWS - 1)
    assert [p.code for p in pooled.problems] == ["UNKNOWN_STANDARD"]

    by_pool = await rows_of(ctx, learners(pooled_csv))
    by_loop = await rows_of(ctx, learners(small_csv))
    assert len(by_pool) == ROWS and len(by_loop) == ROWS - 1
    indexes = set()
    for row in by_pool + by_loop:
        credential = json.loads(row.body)
        assert await verify_credential(credential) == []
        assert row.credential_hash == "0x" + credential_hash(credential).hex()
        assert credential["credentialSubject"]["id"] == row.learner_did
        indexes.add(credential["credentialStatus"]["statusListIndex"])
    assert len(indexes) == 2 * ROWS - 1  # every credential its own status bit
    shape = {k for k in json.loads(by_loop[0].body) if k != "id"}
    assert all({k for k in json.loads(r.body) if k != "id"} == shape for r in by_pool)

    async with ctx.ledger.db.session() as session:
        audited = {
            e.target: e.detail
            for e in (
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "credential.issue")
                )
            ).all()
        }
    for row in by_pool + by_loop:  # each credential stored with its audit entry
        assert audited[row.credential_id] == {"standard": "1X-WFED", "hash": row.credential_hash}

    again = await Imports(ctx).certificates(pooled_csv, "test")
    assert again.accepted == 0 and again.skipped_duplicates == ROWS
    await anchored(ctx, learners(pooled_csv) | learners(small_csv), 2 * ROWS - 1)


async def anchored(ctx: IssuerContext, dids: set[str], count: int) -> None:
    """Every credential of ``dids`` anchored, whichever anchorer took it.

    The session's served issuer (``running_issuer``) shares this data dir, its database and
    account, and its anchorer runs every 0.3 s: it may batch these rows before this flush, so
    the flush's own count is not what is checked, but the rows' state once both are done.
    """
    deadline = time.monotonic() + 60
    while True:
        await ctx.anchorer.flush()
        rows = await rows_of(ctx, dids)
        if len(rows) == count and all(r.status == "anchored" for r in rows):
            break
        assert time.monotonic() < deadline, sorted(r.status for r in rows)
        await asyncio.sleep(0.2)
    assert all(r.batch_root for r in rows)


#: A stand-in for the service: starts a pool of 2, prints its processes, then waits to be killed.
_SERVICE = """
import os, sys, time
from issuer.signpool import SigningPool
from node.credentials import IssuerProfile, SigningKey
from node.proofs import KeyPair

key = SigningKey.from_pair(KeyPair.generate())
pool = SigningPool(2, key, IssuerProfile(did=key.did, name="Test centre"))
while len(pool._executor._processes) < 2:  # noqa: SLF001 - reading which processes started
    time.sleep(0.05)
time.sleep(1.0)  # let each worker's initializer run
print(" ".join(str(pid) for pid in pool._executor._processes), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended: it only waits for its parent to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_killed_service_leaves_no_signing_process_behind() -> None:
    """SIGKILL runs no shutdown at all: the pool's workers notice their parent is gone and end.

    Without that, each worker would wait on the pool's pipe for ever (it holds both ends),
    and every crash and restart of the issuer would leave its pool behind.
    """
    with subprocess.Popen([sys.executable, "-c", _SERVICE], stdout=subprocess.PIPE) as service:
        try:
            assert service.stdout is not None
            workers = [int(pid) for pid in service.stdout.readline().split()]
            assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        finally:
            service.kill()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
