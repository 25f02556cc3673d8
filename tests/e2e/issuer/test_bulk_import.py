"""Bulk CSV imports as colleges run them: 1,000 rows, bad lines reported, nothing twice."""

from collections.abc import AsyncIterator

import httpx
import pytest

from node.credentials import did_key, generate_key
from node.ledger import Ledger
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth, new_learner, redeem

ROWS = 1000


@pytest.fixture
async def client(running_issuer: RunningIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=300) as http:
        yield http


async def test_a_thousand_row_certificate_list_is_issued_and_anchored_in_few_transactions(
    client: httpx.AsyncClient, running_issuer: RunningIssuer, ledger: Ledger
) -> None:
    admin = running_issuer.admin_key
    prefix = f"S{id(client) % 100000:05d}"
    dids = [did_key(generate_key()) for _ in range(ROWS)]
    roster = "student_id,name,did\n" + "".join(
        f"{prefix}-{i},Student {i},{did}\n" for i, did in enumerate(dids)
    )
    opened = await client.post("/imports/roster", content=roster.encode(), headers=auth(admin))
    assert opened.status_code == 200, opened.text
    assert opened.json()["accepted"] == ROWS and len(opened.json()["offers"]) == ROWS

    grades = ["primary", "intermediate", "advanced"]
    lines = ["student_id,standard_code,grade,result,credits_earned,issued_on"]
    lines += [
        f"{prefix}-{i},1X-WFED,{grades[i % 3]},Pass,,2025-06-{1 + i % 28:02d}" for i in range(ROWS)
    ]
    lines += [
        f"{prefix}-1,NO-SUCH-STANDARD,,Pass,,2025-06-01",
        f"{prefix}-2,1X-WFED,master,Pass,,2025-06-01",
        "UNKNOWN-STUDENT,CRS-PYTHON,,Pass,,2025-06-01",
        f"{prefix}-3,CRS-PYTHON,,Pass,abc,2025-06-01",
        f"{prefix}-4,CRS-PYTHON,,Pass,99,2025-06-01",
    ]
    csv = ("\n".join(lines) + "\n").encode()
    before = await ledger.client.w3.eth.block_number
    report = await client.post("/imports/certificates", content=csv, headers=auth(admin))
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["accepted"] == ROWS
    problems = {p["line"]: p for p in body["problems"]}
    assert sorted(problems) == [ROWS + 2, ROWS + 3, ROWS + 4, ROWS + 5, ROWS + 6]
    assert problems[ROWS + 2]["code"] == "UNKNOWN_STANDARD"
    assert problems[ROWS + 4]["code"] == "LEARNER_UNKNOWN"
    assert "credits_earned" in problems[ROWS + 5]["reason"]
    assert "exceeds" in problems[ROWS + 6]["reason"]

    await client.post("/anchoring/flush", headers=auth(admin))
    listed = []
    for offset in range(0, ROWS + 1000, 1000):
        page = await client.get(
            "/credentials",
            params={"standard_code": "1X-WFED", "limit": 1000, "offset": offset},
            headers=auth(admin),
        )
        listed += [c for c in page.json() if c["learner_did"] in set(dids)]
    assert len(listed) == ROWS
    assert {c["status"] for c in listed} == {"anchored"}
    roots = {c["batch_root"] for c in listed}
    assert len(roots) <= 3  # batches of 500: a thousand credentials in two or three transactions
    anchors = 0
    for block in range(before + 1, await ledger.client.w3.eth.block_number + 1):
        receipts = await ledger.client.w3.eth.get_block_receipts(block)
        anchors += sum(1 for r in receipts if r["to"] == ledger.deployment.address)
    assert anchors <= 3

    again = await client.post("/imports/certificates", content=csv, headers=auth(admin))
    assert again.json()["accepted"] == 0 and again.json()["skipped_duplicates"] == ROWS


async def test_a_roster_offer_links_the_wallet_and_delivers_its_credentials(
    client: httpx.AsyncClient, running_issuer: RunningIssuer
) -> None:
    admin, learner = running_issuer.admin_key, await new_learner()
    roster = b"student_id,name\nLINK-1,Wang Fang\n"
    offers = (await client.post("/imports/roster", content=roster, headers=auth(admin))).json()[
        "offers"
    ]
    waiting = await client.post(
        "/imports/certificates",
        content=b"student_id,standard_code\nLINK-1,CRS-PYTHON\n",
        headers=auth(admin),
    )
    assert waiting.json()["problems"][0]["code"] == "LEARNER_UNKNOWN"
    linked = await redeem(client, offers[0]["code"], learner, running_issuer.url)
    assert linked.status_code == 200 and linked.json()["credentials"] == []
    issued = await client.post(
        "/imports/certificates",
        content=b"student_id,standard_code\nLINK-1,CRS-PYTHON\n",
        headers=auth(admin),
    )
    assert issued.json()["accepted"] == 1
    again = await client.post("/imports/roster", content=roster, headers=auth(admin))
    assert again.json()["skipped_duplicates"] == 1 and again.json()["offers"] == []
