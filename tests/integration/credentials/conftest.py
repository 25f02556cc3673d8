"""Real keys and a VC 1.1 credential signed with them (the format didkit also reads)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from node.credentials import CredentialFormat, SigningKey, build_credential, sign_credential
from node.credentials.formats import credential_format
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
    credential = build_credential(
        factories.outcome(),
        factories.award(learner_did=learner_key.did),
        factories.issuer(issuer_key.did),
        version=CredentialFormat.VC11,
    )
    return await sign_credential(credential, issuer_key)


@pytest.fixture
def vc11_format(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Issue and present VC 1.1 (``CREDITBANK_CREDENTIAL_FORMAT=vc11``) for one test."""
    monkeypatch.setenv("CREDITBANK_CREDENTIAL_FORMAT", "vc11")
    credential_format.cache_clear()
    yield
    credential_format.cache_clear()
