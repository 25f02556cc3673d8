"""Registry versions: credentials anchored on an earlier registry keep verifying once trusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from node.chain import AccreditationStatus, RegistryClient, deploy_registry
from node.config import CoreSettings
from node.credentials import SigningKey
from node.ledger import Ledger
from node.types import to_bytes32
from node.verification import CheckStatus, CredentialReport, Verifier
from tests.helpers import funded_account
from tests.integration.verification.anchoring import FRAMEWORK, OwnIssuer, sign


def failed(report: CredentialReport) -> set[str]:
    return {c.name for c in report.checks if c.status is CheckStatus.FAILED}


def reason(report: CredentialReport, name: str) -> str:
    check = report.check(name)
    assert check is not None
    return check.reason


@pytest.fixture
async def newer(ledger: Ledger, tmp_path: Path) -> RegistryClient:
    """Registry B: a fresh deployment on the same chain, the "new version" of the contract."""
    governor = await funded_account(ledger)  # a new deployer: a deployment of its own
    deployment = await deploy_registry(
        ledger.client, ledger.txm, governor, [governor.address], 1, tmp_path
    )
    assert deployment.address.lower() != str(ledger.registry.address).lower()
    return RegistryClient(ledger.client, ledger.txm, deployment.address)


async def test_an_old_receipt_verifies_through_a_trusted_earlier_registry(
    ledger: Ledger, newer: RegistryClient, issuer: OwnIssuer, learner: SigningKey
) -> None:
    old = str(ledger.registry.address)
    vc = await sign(issuer, learner.did)
    _, (receipt,) = await ledger.anchor_credentials(issuer.account, [vc], issuer.scope)
    assert receipt["registry"].lower() == old.lower()
    # registry B knows nothing of this issuer: any pass below was read from registry A
    entry = await newer.current_accreditation(issuer.account.address)
    assert entry.status is AccreditationStatus.NONE

    trusting = Verifier(newer, framework=FRAMEWORK, trusted_registries=[old.lower()])
    report = await trusting.verify_credential(vc, receipt)
    assert report.valid, report.to_json()
    assert report.status == "active"
    passed = {c.name for c in report.checks if c.status is CheckStatus.PASSED}
    assert {"receipt", "issuer-binding", "accreditation", "status"} <= passed
    assert issuer.account.address in reason(report, "receipt")

    refusing = Verifier(newer, framework=FRAMEWORK)
    refused = await refusing.verify_credential(vc, receipt)
    assert not refused.valid
    assert failed(refused) == {"receipt"}, refused.to_json()
    assert old.lower() in reason(refused, "receipt").lower()
    assert str(newer.address) in reason(refused, "receipt")

    root, leaf = to_bytes32(receipt["root"]), to_bytes32(receipt["credentialHash"])
    path = [to_bytes32(p) for p in receipt["path"]]
    await ledger.registry.revoke(issuer.account, root, leaf, path, 3)
    revoked = await trusting.verify_credential(vc, receipt)
    assert failed(revoked) == {"status"} and revoked.status == "revoked", revoked.to_json()


async def test_a_receipt_naming_an_unlisted_registry_fails_even_with_others_trusted(
    ledger: Ledger, newer: RegistryClient, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vc = await sign(issuer, learner.did)
    _, (receipt,) = await ledger.anchor_credentials(issuer.account, [vc], issuer.scope)
    elsewhere = "0x" + "11" * 20
    verifier = Verifier(newer, framework=FRAMEWORK, trusted_registries=[elsewhere])
    report = await verifier.verify_credential(vc, receipt)
    assert failed(report) == {"receipt"}, report.to_json()
    assert "names registry" in reason(report, "receipt")


def test_trusted_registries_are_checksummed_and_a_bad_address_is_refused() -> None:
    lower = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    settings = CoreSettings(trusted_registries=[lower])
    assert settings.trusted_registries == ["0x5FbDB2315678afecb367f032d93F642f64180aa3"]
    with pytest.raises(ValidationError):
        CoreSettings(trusted_registries=["0x1234"])
