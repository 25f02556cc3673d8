"""Codes, access tokens and nonces expire: the issuer's offers over a real database whose
expiring-token store runs on a clock the test moves (no waiting, no timed assertions)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from issuer.offers import Offers
from issuer.oid4vci_errors import InvalidGrantError, InvalidNonceError, InvalidTokenError
from issuer.settings import IssuerSettings
from node.credentials import SigningKey
from node.storage import Database
from node.tokens import ExpiringToken, TokenStore
from tests.helpers import ManualClock as Clock
from wallet.offers import jwt_proof

GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
URL = "http://127.0.0.1:8001"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'offers.db'}")
    async with database.engine.begin() as conn:
        await conn.run_sync(ExpiringToken.__table__.create)
    yield database
    await database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(2_000_000.0)


@pytest.fixture
def offers(db: Database, clock: Clock) -> Offers:
    """The issuer's offers with only what the token, nonce and credential steps read."""
    settings = IssuerSettings(issuer_public_url=URL)
    ctx: Any = SimpleNamespace(
        settings=settings, tokens=TokenStore(db, clock=clock), ledger=SimpleNamespace(db=db)
    )
    return Offers(ctx)


async def _offer(offers: Offers, db: Database) -> str:
    code, row = offers.new_offer(credential_id="urn:uuid:x")
    async with db.session() as session:
        session.add(row)
    return code


async def test_an_expired_code_is_an_invalid_grant(
    offers: Offers, db: Database, clock: Clock
) -> None:
    code = await _offer(offers, db)
    assert (await offers.offer_document(code))["grants"][GRANT]["pre-authorized_code"] == code
    clock.now += offers.ctx.settings.offer_ttl_seconds + 1
    with pytest.raises(InvalidGrantError, match="expired"):
        await offers.token({"grant_type": GRANT, "pre-authorized_code": code})


async def test_an_uncommitted_offer_never_exists(offers: Offers) -> None:
    code, _row = offers.new_offer(credential_id="urn:uuid:x")  # the caller's write failed
    with pytest.raises(InvalidGrantError, match="unknown"):
        await offers.token({"grant_type": GRANT, "pre-authorized_code": code})


async def test_expired_access_tokens_and_nonces_are_refused(offers: Offers, clock: Clock) -> None:
    learner = await SigningKey.create()
    lifetime = offers.ctx.settings.c_nonce_ttl_seconds * 3  # outlives the nonce
    access = await offers.ctx.tokens.issue("issuer.oid4vci.access", lifetime, payload={})
    c_nonce = (await offers.nonce("127.0.0.1"))["c_nonce"]
    body = {
        "credential_configuration_id": "OpenBadgeCredential_ldp_vc",
        "proofs": {"jwt": [jwt_proof(learner, URL, c_nonce)]},
    }
    clock.now += offers.ctx.settings.c_nonce_ttl_seconds + 1
    with pytest.raises(InvalidNonceError):
        await offers.credential(access.value, body)
    clock.now += lifetime
    with pytest.raises(InvalidTokenError):
        await offers.credential(access.value, body)
