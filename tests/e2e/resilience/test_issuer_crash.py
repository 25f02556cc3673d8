"""``kill -9`` the issuer in the middle of its work; restarted, it loses and repeats nothing.

The issuer runs in its own process (uvicorn with the app factory, configured by environment)
on a chain of its own, so killing it kills only it. After the restart the operator does what
an operator would: sends the same certificate list again, or decides again.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from node.credentials import did_key, generate_key
from node.storage import Database
from tests.e2e.resilience.audit import audit
from tests.e2e.resilience.conftest import Served, stored_credentials

pytestmark = pytest.mark.slow

ROWS = 5000
LEARNERS = 100


def certificate_list(rows: int) -> bytes:
    """``rows`` distinct certifications: learners × grades × dates (one import key each)."""
    dids = [did_key(generate_key()) for _ in range(LEARNERS)]
    grades = ["primary", "intermediate", "advanced"]
    start = date(2024, 1, 1)
    lines = ["learner_did,standard_code,grade,result,issued_on"]
    for i in range(rows):
        day = start + timedelta(days=i // LEARNERS)
        lines.append(f"{dids[i % LEARNERS]},1X-WFED,{grades[i % 3]},Pass,{day.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


async def test_kill_9_in_the_middle_of_a_5000_row_import_loses_and_repeats_nothing(
    issuer_process: Served, tmp_path: Path
) -> None:
    served = issuer_process
    csv = certificate_list(ROWS)
    headers = {"content-type": "text/csv"}
    db = Database(served.settings.effective_database_url)
    try:
        async with served.client() as http:
            importing = asyncio.create_task(
                http.post("/imports/certificates", content=csv, headers=headers)
            )
            # kill once part of the list is stored (and batches are on their way to the chain)
            while not importing.done():
                if await stored_credentials(db) >= 1000:
                    break
                await asyncio.sleep(0.05)
            assert not importing.done(), "the import ended before the kill"
            served.process.kill()
            with pytest.raises(httpx.HTTPError):
                await importing
        at_kill = await stored_credentials(db)
        assert 1000 <= at_kill < ROWS

        served.process.start()
        async with served.client() as http:
            again = await http.post("/imports/certificates", content=csv, headers=headers)
            assert again.status_code == 200, again.text
            report = again.json()
            assert report["problems"] == []
            assert report["skipped_duplicates"] == at_kill
            assert report["accepted"] == ROWS - at_kill
            flushed = await http.post("/anchoring/flush")
            assert flushed.status_code == 200, flushed.text
        served.process.stop()
    finally:
        await db.close()

    found = await audit(served.settings, tmp_path)
    assert len(found.credentials) == ROWS
    assert len({c.import_key for c in found.credentials}) == ROWS
