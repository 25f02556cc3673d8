"""The expiring-token store on a real database: consume-once in a race, expiry, quotas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from node.credentials.packages import PACKAGE_TYPE
from node.errors import RateLimitedError
from node.storage import Database
from node.tokens import BackOff, ExpiringToken, Quota, TokenStore
from tests.helpers import ManualClock as Clock
from verifier.challenges import ChallengeStore
from verifier.shares import ShareStore


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'tokens.db'}")
    async with database.engine.begin() as conn:
        await conn.run_sync(ExpiringToken.__table__.create)
    yield database
    await database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db: Database, clock: Clock) -> TokenStore:
    return TokenStore(db, clock=clock)


async def test_a_token_is_consumed_once_even_by_racing_callers(store: TokenStore) -> None:
    token = await store.issue("test.challenge", 60, payload={"domain": "https://v.example"})
    results = await asyncio.gather(
        *(store.consume("test.challenge", token.value) for _ in range(20))
    )
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert winners[0].payload == {"domain": "https://v.example"}
    assert await store.consume("test.challenge", token.value) is None


async def test_kinds_do_not_mix_and_unknown_values_are_refused(store: TokenStore) -> None:
    token = await store.issue("a", 60)
    assert await store.consume("b", token.value) is None
    assert await store.consume("a", "not-issued") is None
    assert await store.consume("a", "x" * 10_000) is None
    assert await store.peek("a", token.value) is not None


async def test_an_expired_token_is_refused_and_swept(store: TokenStore, clock: Clock) -> None:
    token = await store.issue("test.code", 30)
    clock.now += 31
    assert await store.peek("test.code", token.value) is None
    assert await store.consume("test.code", token.value) is None
    assert await store.sweep() == 1
    assert await store.sweep() == 0


async def test_only_the_digest_of_a_token_is_stored(store: TokenStore, db: Database) -> None:
    token = await store.issue("test.session", 60)
    async with db.session() as session:
        row = (await session.execute(ExpiringToken.__table__.select())).one()
    assert token.value not in repr(tuple(row))


async def test_a_client_over_its_quota_is_refused_until_the_window_passes(
    store: TokenStore, clock: Clock
) -> None:
    quota = Quota(limit=3, window_seconds=60)
    for _ in range(3):
        await store.issue("test.challenge", 300, client="10.0.0.1", quota=quota)
    with pytest.raises(RateLimitedError) as refused:
        await store.issue("test.challenge", 300, client="10.0.0.1", quota=quota)
    assert refused.value.http_status == 429
    await store.issue("test.challenge", 300, client="10.0.0.2", quota=quota)  # another client
    clock.now += 61
    await store.issue("test.challenge", 300, client="10.0.0.1", quota=quota)


async def test_back_off_doubles_with_each_failure_and_clears_on_success(
    store: TokenStore, clock: Clock
) -> None:
    backoff = BackOff(base_seconds=1, max_seconds=8, memory_seconds=3600)
    assert await store.wait_seconds("test.unlock", "alice", backoff) == 0
    waits = [await store.record_failure("test.unlock", "alice", backoff) for _ in range(5)]
    assert waits == [1, 2, 4, 8, 8]
    assert await store.wait_seconds("test.unlock", "alice", backoff) == 8
    assert await store.wait_seconds("test.unlock", "bob", backoff) == 0
    clock.now += 8
    assert await store.wait_seconds("test.unlock", "alice", backoff) == 0
    await store.clear("test.unlock", "alice")
    assert await store.record_failure("test.unlock", "alice", backoff) == 1


async def test_state_tells_live_consumed_expired_and_unknown_apart(
    store: TokenStore, clock: Clock
) -> None:
    token = await store.issue("test.share", 60)
    assert await store.state("test.share", token.value) == "live"
    await store.consume("test.share", token.value)
    assert await store.state("test.share", token.value) == "consumed"
    other = await store.issue("test.share", 60)
    clock.now += 61
    assert await store.state("test.share", other.value) == "expired"
    assert await store.state("test.share", "never") == "unknown"


async def test_a_share_refused_for_its_quota_leaves_the_challenge_unused(db: Database) -> None:
    """The wallet falls back to the long link when a share is refused; its challenge must then
    still be usable (the load run found it spent)."""
    challenges = ChallengeStore(db, "verifier.example", 300)
    shares = ShareStore(db, "http://127.0.0.1:8002", 3600, challenges, per_minute=1)
    first, second = await challenges.issue("a"), await challenges.issue("a")
    await shares.keep({"type": PACKAGE_TYPE, "challenge": first.challenge}, "a")
    with pytest.raises(RateLimitedError):
        await shares.keep({"type": PACKAGE_TYPE, "challenge": second.challenge}, "a")
    assert await challenges.consume(second.challenge)  # still unused, for the long link
