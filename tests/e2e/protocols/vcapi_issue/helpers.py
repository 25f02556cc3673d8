"""Requests a generic VC-API client would send to ``POST /credentials/issue``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from node.credentials import VC_V1_CONTEXT, VC_V2_CONTEXT
from tests.e2e.issuer.helpers import auth

#: A workshop credential's own terms: a generic client brings its vocabulary inline.
WORKSHOP_CONTEXT: dict[str, Any] = {
    "WorkshopCredential": "https://workshops.example/vocab#WorkshopCredential",
    "workshop": "https://workshops.example/vocab#workshop",
    "attendedHours": "https://workshops.example/vocab#attendedHours",
    # typed by the operator; a generic credential's credits count for nothing
    "creditsEarned": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsEarned",
}


def stamp(moment: datetime) -> str:
    """A VC date-time as clients usually write it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days(n: float) -> str:
    """Now plus ``n`` days, as a VC date-time."""
    return stamp(datetime.now(UTC) + timedelta(days=n))


def new_id() -> str:
    """A fresh credential id a client may ask for."""
    return f"urn:uuid:{uuid.uuid4()}"


def workshop(subject_did: str, *, vc2: bool = True, **members: Any) -> dict[str, Any]:
    """An unsigned generic credential (no catalog outcome) for ``subject_did``."""
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT if vc2 else VC_V1_CONTEXT, WORKSHOP_CONTEXT],
        "type": ["VerifiableCredential", "WorkshopCredential"],
        "credentialSubject": {
            "id": subject_did,
            "workshop": "Safe use of ladders",
            "attendedHours": 6,
            "creditsEarned": 30,
        },
    }
    credential.update(members)
    return credential


async def issue(
    client: httpx.AsyncClient, key: str, credential: object, **request: Any
) -> httpx.Response:
    """``POST /credentials/issue`` with ``{credential, ...}``."""
    return await client.post(
        "/credentials/issue", json={"credential": credential, **request}, headers=auth(key)
    )


async def receipt_of(client: httpx.AsyncClient, key: str, credential_id: str) -> dict[str, Any]:
    """Anchor what is pending and return the credential's receipt."""
    flushed = await client.post("/anchoring/flush", headers=auth(key))
    assert flushed.status_code == 200, flushed.text
    answer = await client.get(f"/credentials/{credential_id}/receipt")
    assert answer.status_code == 200, answer.text
    receipt = answer.json()["receipt"]
    assert receipt is not None, "the credential was not anchored"
    return dict(receipt)


async def issued_count(client: httpx.AsyncClient, key: str) -> int:
    """How many credentials the issuer holds (every refusal must leave it unchanged)."""
    total, offset = 0, 0
    while True:
        page = await client.get(
            "/credentials", params={"limit": 1000, "offset": offset}, headers=auth(key)
        )
        assert page.status_code == 200, page.text
        total += len(page.json())
        if len(page.json()) < 1000:
            return total
        offset += 1000
