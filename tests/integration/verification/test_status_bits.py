"""The status check reads a credential's bit in its issuer account's on-chain lists."""

from __future__ import annotations

import uuid
from typing import Any

from node.chain import StatusPurpose
from node.chain.status import status_entries
from node.credentials import credential_hash
from node.ledger import Ledger
from node.verification.anchor_checks import Anchor, check_receipt, check_status
from node.verification.chainview import ChainView
from node.verification.report import CheckStatus
from tests.integration.verification.anchoring import OwnIssuer


def with_index(index: object, purpose: str = "revocation") -> dict[str, Any]:
    """A credential shape carrying a status entry; the status check reads nothing else of it."""
    return {
        "id": f"urn:uuid:{uuid.uuid4()}",
        "credentialStatus": {
            "id": f"https://issuer.example/status/1#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": index,
            "statusListCredential": "https://issuer.example/status/1",
        },
        "proof": {"type": "test"},
    }


async def anchored(ledger: Ledger, issuer: OwnIssuer, vc: dict[str, Any]) -> Anchor:
    view = ChainView(ledger.registry)
    _, (receipt,) = await ledger.anchor_credentials(issuer.account, [vc], issuer.scope)
    check, anchor = await check_receipt(view, credential_hash(vc), receipt)
    assert check.status is CheckStatus.PASSED and anchor is not None
    return anchor


async def test_a_revoked_or_suspended_bit_fails_the_status_check(
    ledger: Ledger, issuer: OwnIssuer
) -> None:
    view = ChainView(ledger.registry)
    revoked, suspended = with_index("7"), with_index("300", "suspension")
    assert status_entries(suspended)[0].purpose is StatusPurpose.SUSPENSION
    anchors = [await anchored(ledger, issuer, vc) for vc in (revoked, suspended)]
    check, name = await check_status(view, anchors[0], revoked)
    assert check.status is CheckStatus.PASSED and name == "active"
    assert "status list index 7" in check.reason

    await ledger.registry.revoke_indexes(issuer.account, [7], 2)
    check, name = await check_status(view, anchors[0], revoked)
    assert check.status is CheckStatus.FAILED and name == "revoked"
    assert f"status list index 7 of {issuer.account.address}" in check.reason

    await ledger.registry.suspend_indexes(issuer.account, [300], 2)
    check, name = await check_status(view, anchors[1], suspended)
    assert check.status is CheckStatus.FAILED and name == "suspended"
    await ledger.registry.lift_index_suspensions(issuer.account, [300])
    check, name = await check_status(view, anchors[1], suspended)
    assert check.status is CheckStatus.PASSED and name == "active"


async def test_a_malformed_entry_fails_and_no_entry_reads_the_hash_state(
    ledger: Ledger, issuer: OwnIssuer
) -> None:
    view = ChainView(ledger.registry)
    malformed = with_index("seven")
    check, name = await check_status(view, await anchored(ledger, issuer, malformed), malformed)
    assert check.status is CheckStatus.FAILED and name == "unknown"
    assert "malformed" in check.reason
    legacy = {"id": f"urn:uuid:{uuid.uuid4()}", "proof": {"type": "test"}}
    anchor = await anchored(ledger, issuer, legacy)
    check, name = await check_status(view, anchor, legacy)
    assert check.status is CheckStatus.PASSED and check.reason == "not revoked, not suspended"
