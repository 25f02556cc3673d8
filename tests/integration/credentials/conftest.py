"""Real didkit keys and a credential signed with them; no chain needed."""

from __future__ import annotations

from typing import Any

import pytest

from node.credentials import SigningKey, issue_credential
from tests.unit.credentials import factories


@pytest.fixture
async def issuer_key() -> SigningKey:
    """The certification body's key."""
    return await SigningKey.create()


@pytest.fixture
async def learner_key() -> SigningKey:
    """The learner's wallet key."""
    return await SigningKey.create()


@pytest.fixture
async def signed_vc(issuer_key: SigningKey, learner_key: SigningKey) -> dict[str, Any]:
    """An OB3 credential for the learner, signed by the issuer."""
    return await issue_credential(
        factories.outcome(),
        factories.award(learner_did=learner_key.did),
        factories.issuer(issuer_key.did),
        issuer_key,
    )
