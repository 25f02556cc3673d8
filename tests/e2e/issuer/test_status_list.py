"""Revocation that verifiers outside the consortium can see: the status list credential.

Each new credential names its bit in the issuer's revocation list; the list credential the
issuer serves is built from the chain's bits, signed, and read the way the Bitstring Status
List specification says (index 0 is the left-most bit of the GZIP'd, base64url bitstring).
"""

from __future__ import annotations

import asyncio
import base64
import gzip

import httpx

from node.credentials import verify_credential
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth, new_learner
from tests.e2e.learners import issue_offer


def _bit(list_credential: dict[str, object], index: int) -> bool:
    subject = list_credential["credentialSubject"]
    assert isinstance(subject, dict) and subject["statusPurpose"] == "revocation"
    encoded = str(subject["encodedList"])
    assert encoded.startswith("u")
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    bits = gzip.decompress(raw)
    assert len(bits) * 8 >= 131_072
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


async def test_a_revocation_shows_in_the_signed_status_list(running_issuer: RunningIssuer) -> None:
    learner = await new_learner()
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as client:
        issued = await issue_offer(client, running_issuer, learner.did, "1X-WFED", grade="primary")
        credential_id = issued["issued"]["credential_id"]
        admin = auth(running_issuer.admin_key)
        credential = (await client.get(f"/credentials/{credential_id}", headers=admin)).json()[
            "credential"
        ]
        entry = credential["credentialStatus"]
        list_url = f"{running_issuer.url}/status/revocation"
        assert entry["statusListCredential"] == list_url
        assert entry["statusPurpose"] == "revocation"
        assert entry["type"] in ("BitstringStatusListEntry", "StatusList2021Entry")
        index = int(entry["statusListIndex"])

        before = (await client.get("/status/revocation")).json()
        assert await verify_credential(before) == []
        assert before["issuer"] == credential["issuer"]["id"]
        assert not _bit(before, index)

        revoked = await client.post(
            f"/credentials/{credential_id}/revoke", json={"reason": 1}, headers=admin
        )
        assert revoked.status_code == 200, revoked.text
        after = (await client.get("/status/revocation")).json()
        if not _bit(after, index):  # the list is rebuilt at most once a second
            await asyncio.sleep(1.1)
            after = (await client.get("/status/revocation")).json()
        assert await verify_credential(after) == []
        assert _bit(after, index)

        unknown = await client.get("/status/nothing")
        assert unknown.status_code == 404 and unknown.json()["code"] == "NOT_FOUND"
