"""The credentials our issuer builds, in both formats, verify in Digital Bazaar's implementation."""

from __future__ import annotations

import pytest

from node.credentials import (
    CredentialFormat,
    SigningKey,
    build_credential,
    build_presentation,
    sign_credential,
    sign_presentation,
    verify_credential,
)
from tests.unit.credentials import factories

from .peer import requires_peer, run

pytestmark = requires_peer


@pytest.mark.parametrize("version", list(CredentialFormat))
async def test_issued_credential_and_presentation_verify_in_the_peer(
    version: CredentialFormat,
) -> None:
    issuer, learner = await SigningKey.create(), await SigningKey.create()
    credential = build_credential(
        factories.outcome(),
        factories.award(learner_did=learner.did),
        factories.issuer(issuer.did),
        version=version,
    )
    signed = await sign_credential(credential, issuer)
    assert await verify_credential(signed) == []
    answer = run({"op": "verify", "kind": "credential", "document": signed})
    assert answer["verified"], answer["errors"]
    vp = await sign_presentation(
        build_presentation([signed], learner.did, version=version),
        learner,
        challenge="c-1",
        domain="verifier.example",
    )
    answer = run(
        {
            "op": "verify",
            "kind": "presentation",
            "document": vp,
            "challenge": "c-1",
            "domain": "verifier.example",
        }
    )
    assert answer["verified"], answer["errors"]
