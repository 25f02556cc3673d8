"""An application's state machine does not stick: bad evidence is refused up front, and an
approval that fails leaves the application as it was, with the error in the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from issuer.models import Application
from node.storage import Database
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth, new_learner

#: Passes the request schema (a link), but is no OB3 evidence: it has neither name nor narrative.
EMPTY_EVIDENCE = {"id": "https://evidence.example/portfolio"}


@pytest.fixture
async def issuer_db(running_issuer: RunningIssuer) -> AsyncIterator[Database]:
    db = Database(running_issuer.settings.effective_database_url)
    yield db
    await db.close()


async def test_evidence_that_cannot_be_issued_is_refused_at_submission(
    running_issuer: RunningIssuer,
) -> None:
    learner = await new_learner()
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=60) as client:
        refused = await client.post(
            "/applications",
            json={
                "learner_did": learner.did,
                "standard_code": "1X-WFED",
                "grade": "intermediate",
                "evidence": [EMPTY_EVIDENCE],
            },
            headers=auth(running_issuer.admin_key),
        )
    assert refused.status_code == 422, refused.text
    assert "evidence" in refused.json()["detail"]


async def test_a_failed_approval_leaves_the_application_decidable(
    running_issuer: RunningIssuer, issuer_db: Database
) -> None:
    """An application stored before the submission check (as an older release let through)."""
    learner = await new_learner()
    async with issuer_db.session() as session:
        row = Application(
            learner_did=learner.did,
            standard_code="1X-WFED",
            field_code="information-technology",
            grade="intermediate",
            evidence=[EMPTY_EVIDENCE],
            submitted_by="operator:older-release",
        )
        session.add(row)
        await session.flush()
        app_id = row.id
    admin = auth(running_issuer.admin_key)
    url = f"/applications/{app_id}/decision"
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=60) as client:
        failed = await client.post(
            url, json={"decision": "approve", "comment": "ok"}, headers=admin
        )
        assert failed.status_code == 422, failed.text
        listed = await client.get("/applications", params={"status": "submitted"}, headers=admin)
        assert app_id in {a["id"] for a in listed.json()}
        audit = (await client.get("/audit", headers=admin)).json()
        assert any(
            e["action"] == "application.approval_failed" and e["target"] == str(app_id)
            for e in audit
        )
        rejected = await client.post(
            url, json={"decision": "reject", "comment": "evidence says nothing"}, headers=admin
        )
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["application"]["status"] == "rejected"
