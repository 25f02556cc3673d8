"""An independent wallet, OpenWallet Foundation's @openid4vc/openid4vci 0.4.6 under Node, receives
a credential from our served issuer with a ``jwt`` key proof; our verifier then checks it."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from tests.e2e.protocols.oid4vci.helpers import offer
from tests.integration.interop.peer import node_json
from wallet import CredentialChecker

INTEROP = Path(__file__).resolve().parents[4] / "interop-local"
SCRIPT = INTEROP / "oid4vci-client.mjs"

pytestmark = pytest.mark.skipif(
    not (INTEROP / "node_modules" / "@openid4vc" / "openid4vci").is_dir()
    or shutil.which("node") is None,
    reason="interop-local is not installed (scripts/setup installs it)",
)


def _client(request: dict[str, Any]) -> dict[str, Any]:
    """One run of the Node wallet: one JSON in, one out."""
    answer, status, stderr = node_json(SCRIPT, request)
    answer["exit"] = status
    if status:
        answer["stderr"] = stderr.decode(errors="replace")[-1500:]
    return answer


async def run_client(request: dict[str, Any]) -> dict[str, Any]:
    """The Node wallet, off the event loop (the issuer it talks to is served in this process)."""
    return await asyncio.to_thread(_client, request)


@pytest.mark.parametrize("by", ["offer_uri", "link"])
@pytest.mark.parametrize("tx_code", [False, True])
async def test_the_openwallet_client_receives_a_credential_our_verifier_accepts(
    running_issuer: RunningIssuer, checker: CredentialChecker, by: str, tx_code: bool
) -> None:
    key = await run_client({"op": "key"})
    assert key["exit"] == 0 and key["did"].startswith("did:key:z6Mk")
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as client:
        admin = running_issuer.admin_key
        issued = await client.post(
            "/issuance",
            json={"learner_did": key["did"], "standard_code": "CRS-PYTHON", "result": "Pass"},
            headers=auth(admin),
        )
        assert issued.status_code == 201, issued.text
        credential_id = issued.json()["issued"]["credential_id"]
        made = await offer(client, admin, credential_id, tx_code=tx_code)
        got = await run_client(
            {"offer": made[by], "txCode": made["tx_code"], "privateJwk": key["privateJwk"]}
        )
        assert got["exit"] == 0, got
        assert got["did"] == key["did"]
        (entry,) = got["credentialResponse"]["credentials"]
        credential = entry["credential"]
        assert credential == issued.json()["credential"]
        assert credential["credentialSubject"]["id"] == key["did"]
        await client.post("/anchoring/flush", headers=auth(admin))
        receipt = (await client.get(f"/credentials/{credential_id}/receipt")).json()["receipt"]
    outcome = await checker.check(credential, receipt)
    assert outcome.valid, outcome.reasons


async def test_the_openwallet_client_is_refused_a_wrong_tx_code(
    running_issuer: RunningIssuer,
) -> None:
    key = await run_client({"op": "key"})
    async with httpx.AsyncClient(base_url=running_issuer.url, timeout=120) as client:
        issued = await client.post(
            "/issuance",
            json={"learner_did": key["did"], "standard_code": "CRS-PYTHON", "result": "Pass"},
            headers=auth(running_issuer.admin_key),
        )
        credential_id = issued.json()["issued"]["credential_id"]
        made = await offer(client, running_issuer.admin_key, credential_id, tx_code=True)
    wrong = "0" * 6 if made["tx_code"] != "0" * 6 else "1" * 6
    got = await run_client(
        {"offer": made["offer_uri"], "txCode": wrong, "privateJwk": key["privateJwk"]}
    )
    assert got["exit"] == 1 and "invalid_grant" in json.dumps(got), got
