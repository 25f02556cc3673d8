"""Members govern through their own desks: propose, approve, suspend, refuse in words."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from node.chain import AccreditationStatus
from node.chain.reverts import RegistryAccreditationSuspended, RegistryNotAccredited
from node.credentials import SigningKey
from node.keystore import Keystore
from node.ledger import GOVERNOR_KEY, Ledger, fund_dev_account
from tests.conftest import TEST_PASSPHRASE
from tests.e2e.governance.conftest import Consortium, member_settings, serve_member, with_key
from tests.integration.verification.anchoring import OWN_SCOPE, OwnIssuer, sign

pytestmark = pytest.mark.e2e

#: OWN_SCOPE by the demo framework's codes: information technology and nursing, levels to 5.
OWN_FIELDS = ["information-technology", "nursing-health"]
OWN_TYPES = ["academic_course", "skill_certificate"]


def _until(days: int = 365) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def _accreditation(account: str, did: str, **changes: Any) -> dict[str, Any]:
    body = {
        "account": account,
        "did": did,
        "fields": OWN_FIELDS,
        "outcome_types": OWN_TYPES,
        "max_level": 5,
        "valid_until": _until(),
    }
    return body | changes


async def _centre(ledger: Ledger) -> OwnIssuer:
    account: LocalAccount = Account.create()
    await fund_dev_account(ledger.client, account.address)
    return OwnIssuer(await SigningKey.create(), account, OWN_SCOPE)


async def _anchor(ledger: Ledger, centre: OwnIssuer) -> None:
    learner = await SigningKey.create()
    root, _ = await ledger.anchor_credentials(
        centre.account, [await sign(centre, learner.did)], OWN_SCOPE
    )
    assert (await ledger.registry.batch(root)).issuer == centre.account.address


async def test_a_proposes_b_approves_and_the_centre_anchors(
    consortium: Consortium, chain_ledger: Ledger
) -> None:
    a, b = consortium.a, consortium.b
    centre = await _centre(chain_ledger)
    with a.client() as client:
        members = client.get("/members").json()
        assert members["quorum"] == 2 and set(members["governors"]) == {a.account, b.account}
        made = client.post(
            "/proposals/accreditations", json=_accreditation(centre.account.address, centre.key.did)
        )
        assert made.status_code == 201, made.text
        proposal = made.json()
        assert not proposal["executed"]
        pending = client.get("/proposals", params={"pending": "true"}).json()
    shown = next(p for p in pending if p["id"] == proposal["proposal_id"])
    assert shown["words"].startswith(f"Accredit {centre.account.address} as a certification")
    assert "fields information-technology, nursing-health" in shown["words"]
    assert "outcome types academic_course, skill_certificate; up to level 5" in shown["words"]
    assert shown["approved_by"] == [a.account] and shown["waiting_for"] == [b.account]
    assert shown["needed"] == f"needs 1 more approval(s) from {b.account}"

    with pytest.raises(RegistryNotAccredited):  # not yet: one approval of two
        await _anchor(chain_ledger, centre)

    with b.client() as client:
        approved = client.post(f"/proposals/{proposal['proposal_id']}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["executed"] and "carried out" in approved.json()["words"]
    await _anchor(chain_ledger, centre)

    with a.client() as client:
        rows = client.get("/accreditations").json()
        again = client.post(f"/proposals/{proposal['proposal_id']}/approve")
    row = next(r for r in rows if r["account"] == centre.account.address)
    assert row["status"] == "active" and row["role"] == "certification centre"
    assert row["valid_until"] == _until() and row["accreditor"] == "governance"
    assert again.status_code == 409 and again.json()["code"] == "PROPOSAL_CLOSED"
    assert "executed" in again.json()["detail"]


async def test_a_suspended_centre_has_its_new_batches_refused(
    consortium: Consortium, chain_ledger: Ledger
) -> None:
    a, b = consortium.a, consortium.b
    centre = await _centre(chain_ledger)
    with a.client() as client:
        pid = client.post(
            "/proposals/accreditations", json=_accreditation(centre.account.address, centre.key.did)
        ).json()["proposal_id"]
    with b.client() as client:
        assert client.post(f"/proposals/{pid}/approve").json()["executed"]
    await _anchor(chain_ledger, centre)

    with b.client() as client:
        first = client.post(f"/accreditations/{centre.account.address}/suspend").json()
        second = client.post(f"/accreditations/{centre.account.address}/suspend").json()
    assert first["words"].startswith(f"Proposal {first['proposal_id']}: Suspend the accreditation")
    with a.client() as client:
        assert client.post(f"/proposals/{first['proposal_id']}/approve").json()["executed"]
        # the twin proposal would now fail on chain: said in words, and refused before sending
        twin = client.get(f"/proposals/{second['proposal_id']}").json()
        refused = client.post(f"/proposals/{second['proposal_id']}/approve")
    assert twin["warnings"] == [
        "approving now would fail: An accreditation status change that its current status "
        f"does not allow (account {centre.account.address}, current suspended)"
    ]
    assert refused.status_code == 409 and refused.json()["code"] == "INVALID_STATUS_CHANGE"
    said = twin["warnings"][0].removeprefix("approving now would fail: ")
    assert refused.json()["detail"] == said

    current = await chain_ledger.registry.current_accreditation(centre.account.address)
    assert current.status is AccreditationStatus.SUSPENDED
    with pytest.raises(RegistryAccreditationSuspended):
        await _anchor(chain_ledger, centre)

    with a.client() as client:  # a suspended centre cannot be suspended again: said at once
        again = client.post(f"/accreditations/{centre.account.address}/suspend")
    assert again.status_code == 422 and again.json()["code"] == "GOVERNANCE_INVALID_ACTION"
    assert "is suspended: it cannot be suspended" in again.json()["detail"]


async def test_a_branch_asking_beyond_its_own_scope_sends_nothing(
    consortium: Consortium, chain_ledger: Ledger, tmp_path: Any
) -> None:
    a, b = consortium.a, consortium.b
    branch = await _centre(chain_ledger)
    with a.client() as client:  # a branch centre for information technology only, level 4
        body = _accreditation(
            branch.account.address, branch.key.did, fields=["information-technology"],
            max_level=4, branch=True,
        )  # fmt: skip
        pid = client.post("/proposals/accreditations", json=body).json()["proposal_id"]
    with b.client() as client:
        assert client.post(f"/proposals/{pid}/approve").json()["executed"]

    settings = with_key(
        member_settings(consortium.chain, consortium.registry, consortium.ipfs_api, tmp_path),
        branch.account,
    )
    with serve_member(settings) as url:
        key = (settings.data_dir / "governance-admin.key").read_text().strip()
        issuer = await _centre(chain_ledger)
        nonce = await chain_ledger.client.call(
            lambda w3: w3.eth.get_transaction_count(branch.account.address)
        )
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=120) as client:
            assert client.get("/members").json()["role"] == "branch centre"
            wide = client.post(
                "/proposals/accreditations",
                json=_accreditation(issuer.account.address, issuer.key.did),  # nursing too, 5
            )
            late = client.post(
                "/proposals/accreditations",
                json=_accreditation(
                    issuer.account.address, issuer.key.did, fields=["information-technology"],
                    max_level=4, valid_until=_until(800),
                ),
            )  # fmt: skip
            assert wide.status_code == 403 and wide.json()["code"] == "SCOPE_OUTSIDE_OWN"
            detail = wide.json()["detail"]
            assert "nursing-health" in detail and "holds only" in detail
            assert late.status_code == 403 and "outside the branch's own" in late.json()["detail"]
            # nothing was sent: the branch's nonce and the issuer's history are unchanged
            assert nonce == await chain_ledger.client.call(
                lambda w3: w3.eth.get_transaction_count(branch.account.address)
            )
            assert await chain_ledger.registry.accreditation_count(issuer.account.address) == 0

            inside = client.post(
                "/proposals/accreditations",
                json=_accreditation(
                    issuer.account.address, issuer.key.did, fields=["information-technology"],
                    max_level=4,
                ),
            )  # fmt: skip
        assert inside.status_code == 201, inside.text
        assert inside.json()["transaction"] and inside.json()["proposal_id"] is None
        entry = await chain_ledger.registry.current_accreditation(issuer.account.address)
        assert entry.status is AccreditationStatus.ACTIVE
        assert entry.accreditor == branch.account.address


def test_writes_need_an_operator_key_and_bad_input_is_named(consortium: Consortium) -> None:
    a, b = consortium.a, consortium.b

    body = _accreditation("0x" + "11" * 20, "did:key:z6MkNobody")
    writes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", "/proposals/accreditations", body),
        ("POST", "/proposals/1/approve", None),
        ("POST", "/proposals/1/reject", {"reason": "no"}),
        ("POST", "/governors", {"account": "0x" + "22" * 20}),
        ("DELETE", f"/governors/{b.account}", None),
        ("POST", "/quorum", {"quorum": 1}),
        ("POST", "/frameworks", None),
        ("POST", "/validators", {"address": "0x" + "22" * 20}),
        ("POST", f"/accreditations/{b.account}/suspend", None),
    ]
    with httpx.Client(base_url=a.url, timeout=60) as anonymous:
        for method, path, payload in writes:
            answer = anonymous.request(method, path, json=payload)
            assert answer.status_code == 401, (path, answer.text)
            assert answer.json()["code"] == "UNAUTHENTICATED"
        wrong = anonymous.post("/quorum", json={"quorum": 1}, headers={"X-API-Key": "cbk_nope"})
        assert wrong.status_code == 401
    with a.client() as client:
        before = client.get("/proposals").json()
        cases: dict[str, tuple[dict[str, Any], int, str]] = {
            "/quorum": ({"quorum": 3}, 422, "between 1 and 2"),
            "/governors": ({"account": b.account}, 422, "is a governor already"),
            "/proposals/accreditations": (
                _accreditation("0x" + "11" * 20, "did:key:z6MkX", fields=["astrology"]),
                422,
                "no field 'astrology'",
            ),
        }
        for path, (content, status, words) in cases.items():
            answer = client.post(path, json=content)
            assert answer.status_code == status, answer.text
            assert words in answer.json()["detail"]
        ended = client.post(
            "/proposals/accreditations",
            json=_accreditation(
                "0x" + "11" * 20, "did:key:z6MkX",
                valid_from=date(2020, 1, 1).isoformat(), valid_until="2020-12-31",
            ),
        )  # fmt: skip
        assert ended.status_code == 422 and "ended already (2020-12-31)" in ended.json()["detail"]
        removing = client.delete(f"/governors/{b.account}")
        assert removing.status_code == 422 and removing.json()["detail"] == (
            "only 1 governor(s) would remain for a quorum of 2: lower the quorum first"
        )
        missing = client.post("/proposals/999/approve")
        assert missing.status_code == 404 and missing.json()["code"] == "PROPOSAL_NOT_FOUND"
        assert client.get("/proposals").json() == before  # nothing was proposed


async def test_a_member_rejects_on_the_ledger_and_the_proposal_is_defeated(
    consortium: Consortium, chain_ledger: Ledger
) -> None:
    """With two governors and a quorum of two, one "no" leaves too few to carry the proposal:
    the ledger defeats it, and no later approval can run it."""
    a, b = consortium.a, consortium.b
    stranger: LocalAccount = Account.create()
    with a.client() as client:
        pid = client.post("/governors", json={"account": stranger.address}).json()["proposal_id"]
    with b.client() as client:
        empty = client.post(f"/proposals/{pid}/reject", json={"reason": ""})
        said = client.post(f"/proposals/{pid}/reject", json={"reason": "not a member yet"})
        again = client.post(f"/proposals/{pid}/reject", json={"reason": "still no"})
        shown = client.get(f"/proposals/{pid}").json()
    assert empty.status_code == 422
    assert said.status_code == 200 and said.json()["words"] == (
        f"Rejected proposal {pid}: Add {stranger.address} as a governor "
        "(defeated: it can never run)"
    )
    assert again.status_code == 409, again.text
    assert shown["rejected_by"][b.account]["reason"] == "not a member yet"
    assert shown["state"] == "defeated" and shown["waiting_for"] == []
    assert "never run" in shown["needed"]
    assert json.loads(json.dumps(shown))  # plain JSON all the way
    registry = chain_ledger.registry
    assert await registry.has_rejected(pid, b.account)
    assert not await registry.has_rejected(pid, a.account)
    assert not await registry.is_governor(stranger.address)


async def test_a_proposal_the_registry_cannot_run_is_listed_as_such(
    consortium: Consortium, chain_ledger: Ledger
) -> None:
    """A governor may propose any bytes; the desk says what they are instead of failing."""
    keystore = Keystore(consortium.chain.data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True)
    pid, executed = await chain_ledger.registry.propose(
        keystore.load(GOVERNOR_KEY), bytes.fromhex("deadbeef")
    )
    assert not executed
    async with httpx.AsyncClient(base_url=consortium.b.url, timeout=60) as client:
        shown = (await client.get(f"/proposals/{pid}")).json()
    assert shown["action"] == "unknown" and shown["state"] == "pending"
    assert shown["words"] == "An action this registry has no function for (0xdeadbeef): it fails"
