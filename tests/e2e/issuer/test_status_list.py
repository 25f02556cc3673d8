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
from tests.integration.interop.peer import requires_peer, run


def _bit(list_credential: dict[str, object], index: int) -> bool:
    subject = list_credential["credentialSubject"]
    assert isinstance(subject, dict) and subject["statusPurpose"] == "revocation"
    encoded = str(subject["encodedList"])
    assert encoded.startswith("u")
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    bits = gzip.decompress(raw)
    assert len(bits) * 8 >= 131_072
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


async def _revoked(
    client: httpx.AsyncClient, admin: dict[str, str], credential_id: str, index: int
) -> dict[str, object]:
    """Revoke the credential; the served list once it shows the bit (rebuilt at most 1/s)."""
    revoked = await client.post(
        f"/credentials/{credential_id}/revoke", json={"reason": 1}, headers=admin
    )
    assert revoked.status_code == 200, revoked.text
    after: dict[str, object] = (await client.get("/status/revocation")).json()
    if not _bit(after, index):
        await asyncio.sleep(1.1)
        after = (await client.get("/status/revocation")).json()
    return after


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

        after = await _revoked(client, admin, credential_id, index)
        assert await verify_credential(after) == []
        assert _bit(after, index)

        unknown = await client.get("/status/nothing")
        assert unknown.status_code == 404 and unknown.json()["code"] == "NOT_FOUND"


def _peer_status(credential: dict[str, object], list_url: str, listed: object) -> dict[str, object]:
    """Digital Bazaar's BitstringStatusList checker on our credential, with our list passed in."""
    return run({"op": "check-status", "credential": credential, "statusLists": {list_url: listed}})


@requires_peer
async def test_an_independent_checker_reads_our_status_list(running_issuer: RunningIssuer) -> None:
    """Digital Bazaar's checker verifies the list's signature and issuer, then reads the bit."""
    learner = await new_learner()
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as client:
        issued = await issue_offer(client, running_issuer, learner.did, "1X-WFED", grade="primary")
        credential_id = issued["issued"]["credential_id"]
        admin = auth(running_issuer.admin_key)
        got = await client.get(f"/credentials/{credential_id}", headers=admin)
        credential = got.json()["credential"]
        list_url = credential["credentialStatus"]["statusListCredential"]
        index = int(credential["credentialStatus"]["statusListIndex"])

        before = (await client.get("/status/revocation")).json()
        checked = _peer_status(credential, list_url, before)
        assert checked["verified"] is True, checked
        assert checked["statuses"] == [{"purpose": "revocation", "status": False}]

        after = await _revoked(client, admin, credential_id, index)
        checked = _peer_status(credential, list_url, after)
        assert checked["verified"] is True, checked
        assert checked["statuses"] == [{"purpose": "revocation", "status": True}]

        # the bit cleared by someone between the issuer and the checker: the signature fails
        forged = dict(after)
        forged["credentialSubject"] = {
            **after["credentialSubject"],
            "encodedList": before["credentialSubject"]["encodedList"],
        }
        refused = _peer_status(credential, list_url, forged)
        assert refused["verified"] is False
        assert "not verified" in " ".join(map(str, refused["errors"]))
