"""Our wallet receives from an independent issuer: Sphereon's @sphereon/oid4vci-issuer(-server)
0.20.1 under Node (``interop-local/sphereon-issuer.mjs``), over OpenID4VCI 1.0 pre-authorised code.

The badge it issues is signed (eddsa-rdfc-2022, by Digital Bazaar's library) under a did:key our
bank has never accredited nor anchored: the wallet keeps it because its proof verifies, labels
it foreign, and counts none of the credits it claims.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port
from tests.e2e.learners import PASSPHRASE
from wallet import CredentialChecker, Wallet, WalletStore, parse_offer
from wallet.checker import RECEIPT_CHECKS
from wallet.errors import CredentialRefusedError, IssuerExchangeError
from wallet.offers import resolve_offer

INTEROP = Path(__file__).resolve().parents[4] / "interop-local"
SCRIPT = INTEROP / "sphereon-issuer.mjs"

pytestmark = pytest.mark.skipif(
    not (INTEROP / "node_modules" / "@sphereon" / "oid4vci-issuer-server").is_dir()
    or shutil.which("node") is None,
    reason="interop-local is not installed (scripts/setup installs it)",
)


@pytest.fixture
def sphereon(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """The Node issuer on a free loopback port: its first stdout line names issuer and offers.

    Parametrised indirectly with ``["--tamper"]``, it alters each credential after signing.
    """
    extra: list[str] = list(getattr(request, "param", []))
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(free_port()), *extra],
        cwd=INTEROP,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, f"the Sphereon issuer exited with {process.wait(timeout=30)}"
        yield dict(json.loads(line))
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


async def _wallet(store: WalletStore, name: str) -> Wallet:
    return await Wallet.create(store, name, PASSPHRASE)


@pytest.mark.parametrize("by", ["reference", "value"])
async def test_our_wallet_keeps_a_sphereon_badge_as_foreign_with_no_credits(
    sphereon: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    by: str,
) -> None:
    wallet = await _wallet(store, f"foreign-{by}")
    received = await wallet.receive(parse_offer(sphereon["offers"][by]), checker, http)

    (held,) = received.kept
    assert not received.refused
    assert held.issuer_url == sphereon["issuer"]
    credential = held.credential
    assert credential["issuer"]["id"] == sphereon["issuerDid"]
    assert credential["credentialSubject"]["id"] == wallet.did
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    # Its proof verifies; only what needs our ledger (receipt, accreditation, status) fails.
    outcome = await checker.check(credential, None)
    assert "signature" not in outcome.failed and "schema" not in outcome.failed
    assert outcome.failed and set(outcome.failed) <= RECEIPT_CHECKS, outcome.reasons
    assert held.receipt is None and held.label == "pending"

    account = wallet.account()
    (line,) = account.credentials
    assert line.credit_class == "foreign" and not line.counted
    assert str(line.credits) == "5"  # what the badge claims ...
    assert account.total == 0 and account.by_field == {}  # ... and none of it counts

    reopened = await Wallet.open(store, f"foreign-{by}", PASSPHRASE)
    assert [c.id for c in reopened.held()] == [held.id]


async def test_a_wrong_tx_code_is_refused_by_sphereon_then_the_right_one_is_accepted(
    sphereon: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
) -> None:
    wallet = await _wallet(store, "foreign-tx")
    made = sphereon["offers"]["txCode"]
    right = made["txCode"]
    wrong = "0" * len(right) if right != "0" * len(right) else "1" * len(right)
    # Sphereon serves a credential_offer_uri only while no token was asked for: the learner's
    # retry reuses the offer fetched once.
    offer = await resolve_offer(parse_offer(made["uri"]), http)
    assert offer.uri is None and offer.tx_code_spec is not None

    with pytest.raises(IssuerExchangeError) as refused:
        await wallet.receive(replace(offer, tx_code=wrong), checker, http)
    assert refused.value.extra["issuer_code"] == "invalid_grant", refused.value.detail
    assert wallet.held() == []

    received = await wallet.receive(replace(offer, tx_code=right), checker, http)
    (held,) = received.kept
    assert held.credential["credentialSubject"]["id"] == wallet.did
    assert wallet.account().credentials[0].credit_class == "foreign"


@pytest.mark.parametrize("sphereon", [["--tamper"]], indirect=True)
async def test_a_sphereon_badge_altered_after_signing_is_refused(
    sphereon: dict[str, Any],
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
) -> None:
    wallet = await _wallet(store, "foreign-tampered")
    with pytest.raises(CredentialRefusedError) as refused:
        await wallet.receive(parse_offer(sphereon["offers"]["value"]), checker, http)
    assert any(": signature: " in r for r in refused.value.reasons), refused.value.reasons
    assert wallet.held() == [] and wallet.account().credentials == []
