"""An accredited issuer of our own, a learner, and a verifier over the session chain."""

from __future__ import annotations

import pytest

from node.credentials import SigningKey
from node.ledger import Ledger
from node.verification import Verifier
from tests.integration.verification.anchoring import FRAMEWORK, OwnIssuer, accredit


@pytest.fixture
async def verifier(ledger: Ledger) -> Verifier:
    return Verifier(ledger.registry, framework=FRAMEWORK)


@pytest.fixture
async def learner() -> SigningKey:
    return await SigningKey.create()


@pytest.fixture
async def issuer(ledger: Ledger) -> OwnIssuer:
    return await accredit(ledger, await SigningKey.create())
