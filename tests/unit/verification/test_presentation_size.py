"""The engine refuses an oversized presentation before verifying any of its credentials."""

from __future__ import annotations

from typing import cast

from node.chain import RegistryClient
from node.documents import load_demo_framework
from node.verification import Verifier
from tests.unit.verification.fakes import EmptyRegistry


async def test_more_credentials_than_allowed_fail_structure_without_any_credential_report() -> None:
    verifier = Verifier(
        cast(RegistryClient, EmptyRegistry()), max_credentials=3, framework=load_demo_framework()
    )
    credential = {"@context": ["https://www.w3.org/2018/credentials/v1"], "proof": {}}
    vp = {"type": ["VerifiablePresentation"], "verifiableCredential": [credential] * 4}
    report = await verifier.verify_presentation(vp, [], challenge="c", domain="d")
    assert report.verdict == "invalid"
    assert report.credentials == []
    assert [c.name for c in report.checks] == ["structure"]
    assert "4 credentials" in report.checks[0].reason
    fewer = await verifier.verify_presentation(
        {**vp, "verifiableCredential": [credential] * 3}, [], challenge="c", domain="d"
    )
    assert len(fewer.credentials) == 3
