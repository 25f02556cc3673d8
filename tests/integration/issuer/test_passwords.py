"""Console passwords: argon2id hashes only, refused weak ones, and back-off on a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

import issuer.models  # noqa: F401 - registers the issuer's tables
from issuer.auth import Role, create_operator
from issuer.models import OperatorPassword
from issuer.passwords import (
    SIGNIN_BACKOFF,
    SignInFailedError,
    WeakPasswordError,
    set_password,
    sign_in,
)
from node.errors import RateLimitedError
from node.storage import Database
from node.tokens import TokenStore
from tests.helpers import ManualClock as Clock

PASSWORD = "a long enough pass phrase"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.create()
    try:
        yield database
    finally:
        await database.close()


async def test_only_an_argon2id_hash_is_stored_and_the_password_signs_in(db: Database) -> None:
    await create_operator(db, "clerk", Role.OPERATOR)
    await set_password(db, "clerk", PASSWORD)
    async with db.session() as session:
        stored = (await session.scalars(select(OperatorPassword))).one()
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    operator = await sign_in(db, TokenStore(db), "clerk", PASSWORD)
    assert operator.name == "clerk"


@pytest.mark.parametrize("weak", ["short", "aaaaaaaaaaaaaaaa", "abababababababab"])
async def test_weak_passwords_are_refused(db: Database, weak: str) -> None:
    await create_operator(db, "clerk", Role.OPERATOR)
    with pytest.raises(WeakPasswordError):
        await set_password(db, "clerk", weak)


async def test_failed_sign_ins_back_off_and_a_success_clears_them(db: Database) -> None:
    await create_operator(db, "clerk", Role.OPERATOR)
    await set_password(db, "clerk", PASSWORD)
    clock = Clock()
    tokens = TokenStore(db, clock=clock)
    for _ in range(SIGNIN_BACKOFF.free + 1):
        with pytest.raises(SignInFailedError):
            await sign_in(db, tokens, "clerk", "wrong password!")
    # now even the right password waits, and the answer says how long
    with pytest.raises(RateLimitedError) as waiting:
        await sign_in(db, tokens, "clerk", PASSWORD)
    assert waiting.value.extra["retry_after"] == 1
    clock.now += 1.0
    with pytest.raises(SignInFailedError):  # one more failure doubles the wait
        await sign_in(db, tokens, "clerk", "wrong password!")
    clock.now += 1.0
    with pytest.raises(RateLimitedError):
        await sign_in(db, tokens, "clerk", PASSWORD)
    clock.now += 1.0
    assert (await sign_in(db, tokens, "clerk", PASSWORD)).name == "clerk"
    assert await tokens.wait_seconds("issuer.signin", "clerk", SIGNIN_BACKOFF) == 0


async def test_an_unknown_name_fails_like_a_wrong_password(db: Database) -> None:
    with pytest.raises(SignInFailedError, match="wrong name or password"):
        await sign_in(db, TokenStore(db), "nobody", PASSWORD)
