"""One database-backed store for everything that expires.

Challenges, OpenID4VCI codes and nonces, sessions, CSRF tokens, share ids and unlock back-off
all need the same three things: an expiry, consume-once, and a quota per client. They live in
one table so that every worker of a service sees the same state (a dict in one process does
not), and so that each guarantee is argued once, here:

- **Consume-once** is one conditional ``UPDATE … WHERE consumed_at IS NULL AND expires_at > now``.
  The database serialises it, so exactly one caller, in any worker, sees a row count of 1.
- **Expiry** is part of every read; a sweep deletes expired rows in bounded batches, on a timer,
  never by scanning the whole store on each request.
- **Quotas** count a client's rows of one kind created in the last window before a new one is
  made. Two concurrent requests may both pass the count and overshoot by one each: a quota
  bounds growth, it is not an exact meter.
- **Back-off** is a counter row per (kind, key): each failure doubles the wait, a success
  clears it.

Token values are random; only their SHA-256 is stored, so a database read leaks no live token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Float, Index, Integer, String, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from node.errors import RateLimitedError
from node.storage import Base, Database

__all__ = ["BackOff", "ExpiringToken", "Quota", "Token", "TokenStore", "sweeping"]

logger = logging.getLogger(__name__)


class ExpiringToken(Base):
    """One expiring thing: a token, a counter, or a record with a payload."""

    __tablename__ = "expiring_token"
    __table_args__ = (
        Index("ix_expiring_token_kind_key", "kind", "key", unique=True),
        Index("ix_expiring_token_quota", "kind", "client", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the row is for, e.g. ``issuer.challenge``; namespaced by service
    kind: Mapped[str] = mapped_column(String(64))
    #: SHA-256 hex of the token value (or of the counter's name)
    key: Mapped[str] = mapped_column(String(64))
    #: who asked for it, for quotas (an address or an account); empty when unknown
    client: Mapped[str] = mapped_column(String(128), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Unix seconds, as floats: portable across SQLite and PostgreSQL, no time zones.
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float, index=True)
    consumed_at: Mapped[float | None] = mapped_column(Float, default=None)
    #: failures so far, for back-off counters
    count: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True, slots=True)
class Quota:
    """At most ``limit`` new rows of a kind per client in any ``window_seconds``."""

    limit: int
    window_seconds: float


@dataclass(frozen=True, slots=True)
class BackOff:
    """After ``free`` failures, each one doubles the wait, from ``base_seconds`` up to a cap."""

    base_seconds: float = 1.0
    #: failures allowed with no wait (a mistyped passphrase or two)
    free: int = 0
    max_seconds: float = 900.0
    #: failures are forgotten after this long without another
    memory_seconds: float = 3600.0

    def wait(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failures."""
        over = failures - self.free
        if over <= 0:
            return 0.0
        return float(min(self.max_seconds, self.base_seconds * 2 ** min(over - 1, 30)))


@dataclass(frozen=True, slots=True)
class Token:
    """A live token: its value (only when just made), payload and expiry."""

    value: str
    payload: dict[str, Any]
    expires_at: float


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


class TokenStore:
    """Expiring tokens, consume-once, quotas and back-off counters in one table."""

    #: Longest token value looked up; longer ones were never issued here.
    MAX_VALUE_LENGTH = 512

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    async def issue(
        self,
        kind: str,
        ttl_seconds: float,
        *,
        payload: dict[str, Any] | None = None,
        client: str = "",
        quota: Quota | None = None,
        value: str | None = None,
    ) -> Token:
        """A new random token (or ``value``); ``RateLimitedError`` past the client's quota."""
        now = self.clock()
        value = value or secrets.token_urlsafe(24)
        async with self.db.session() as session:
            if quota is not None:
                recent = await session.scalar(
                    select(func.count(ExpiringToken.id)).where(
                        ExpiringToken.kind == kind,
                        ExpiringToken.client == client,
                        ExpiringToken.created_at > now - quota.window_seconds,
                    )
                )
                if (recent or 0) >= quota.limit:
                    raise RateLimitedError(
                        f"at most {quota.limit} per {quota.window_seconds:g} s; try again later",
                        retry_after=int(quota.window_seconds),
                    )
            session.add(
                ExpiringToken(
                    kind=kind,
                    key=_digest(value),
                    client=client[:128],
                    payload=payload or {},
                    created_at=now,
                    expires_at=now + ttl_seconds,
                )
            )
        return Token(value, payload or {}, now + ttl_seconds)

    def pending(
        self,
        kind: str,
        ttl_seconds: float,
        *,
        payload: dict[str, Any] | None = None,
        value: str | None = None,
    ) -> tuple[Token, ExpiringToken]:
        """A token and its row for the caller to add in its own transaction.

        The token then exists only if that transaction commits (an offer with its credential).
        """
        now = self.clock()
        value = value or secrets.token_urlsafe(24)
        row = ExpiringToken(
            kind=kind,
            key=_digest(value),
            client="",
            payload=payload or {},
            created_at=now,
            expires_at=now + ttl_seconds,
        )
        return Token(value, payload or {}, now + ttl_seconds), row

    async def peek(self, kind: str, value: str) -> Token | None:
        """The live token, unconsumed and unexpired, without consuming it."""
        if not value or len(value) > self.MAX_VALUE_LENGTH:
            return None
        async with self.db.session() as session:
            row = await session.scalar(
                select(ExpiringToken).where(
                    ExpiringToken.kind == kind,
                    ExpiringToken.key == _digest(value),
                    ExpiringToken.consumed_at.is_(None),
                    ExpiringToken.expires_at > self.clock(),
                )
            )
        return None if row is None else Token(value, dict(row.payload), row.expires_at)

    async def state(self, kind: str, value: str) -> str:
        """``live``, ``consumed`` (used or withdrawn), ``expired`` or ``unknown``: for messages."""
        if not value or len(value) > self.MAX_VALUE_LENGTH:
            return "unknown"
        async with self.db.session() as session:
            row = await session.scalar(
                select(ExpiringToken).where(
                    ExpiringToken.kind == kind, ExpiringToken.key == _digest(value)
                )
            )
        if row is None:
            return "unknown"
        if row.consumed_at is not None:
            return "consumed"
        return "expired" if row.expires_at <= self.clock() else "live"

    async def consume(self, kind: str, value: str) -> Token | None:
        """Use the token once: its payload for the one caller that wins, ``None`` for any other."""
        if not value or len(value) > self.MAX_VALUE_LENGTH:
            return None
        now = self.clock()
        where = (
            ExpiringToken.kind == kind,
            ExpiringToken.key == _digest(value),
            ExpiringToken.consumed_at.is_(None),
            ExpiringToken.expires_at > now,
        )
        async with self.db.session() as session:
            result = await session.execute(
                update(ExpiringToken).where(*where).values(consumed_at=now)
            )
            if getattr(result, "rowcount", 0) != 1:
                return None
            row = await session.scalar(
                select(ExpiringToken).where(
                    ExpiringToken.kind == kind, ExpiringToken.key == _digest(value)
                )
            )
        assert row is not None  # the update above just matched it
        return Token(value, dict(row.payload), row.expires_at)

    async def revoke(self, kind: str, value: str) -> None:
        """Make the token unusable now (a sign-out, a lock)."""
        async with self.db.session() as session:
            await session.execute(
                delete(ExpiringToken).where(
                    ExpiringToken.kind == kind, ExpiringToken.key == _digest(value)
                )
            )

    async def wait_seconds(self, kind: str, name: str, backoff: BackOff) -> float:
        """How long ``name`` must still wait after its recent failures (0 when it may try)."""
        async with self.db.session() as session:
            row = await session.scalar(
                select(ExpiringToken).where(
                    ExpiringToken.kind == kind,
                    ExpiringToken.key == _digest(name),
                    ExpiringToken.expires_at > self.clock(),
                )
            )
        if row is None:
            return 0.0
        return max(0.0, row.created_at + backoff.wait(row.count) - self.clock())

    async def record_failure(self, kind: str, name: str, backoff: BackOff) -> float:
        """Count one more failure of ``name``; the seconds it must now wait."""
        now = self.clock()
        key = _digest(name)
        async with self.db.session() as session:
            row = await session.scalar(
                select(ExpiringToken)
                .where(ExpiringToken.kind == kind, ExpiringToken.key == key)
                .with_for_update()
            )
            if row is None or row.expires_at <= now:
                if row is not None:
                    await session.delete(row)
                    await session.flush()
                row = ExpiringToken(kind=kind, key=key, client="", payload={}, count=0)
                session.add(row)
            row.count += 1
            row.created_at = now
            row.expires_at = now + backoff.memory_seconds
            failures = row.count
        return backoff.wait(failures)

    async def clear(self, kind: str, name: str) -> None:
        """Forget the failures of ``name`` (after a success)."""
        await self.revoke(kind, name)

    async def sweep(self, *, batch: int = 1000) -> int:
        """Delete up to ``batch`` expired rows; the number deleted. Call it on a timer."""
        now = self.clock()
        async with self.db.session() as session:
            ids = (
                await session.scalars(
                    select(ExpiringToken.id).where(ExpiringToken.expires_at <= now).limit(batch)
                )
            ).all()
            if ids:
                await session.execute(delete(ExpiringToken).where(ExpiringToken.id.in_(ids)))
        return len(ids)


@contextlib.asynccontextmanager
async def sweeping(store: TokenStore, interval_seconds: float = 60.0) -> AsyncIterator[None]:
    """Sweep expired rows every ``interval_seconds`` while the block runs (a service's life)."""

    async def loop() -> None:
        while True:
            await asyncio.sleep(interval_seconds)
            try:
                while await store.sweep() > 0:
                    pass
            except Exception:  # a failed sweep must not end the service; the next one retries
                logger.exception("sweeping expired tokens failed")

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
