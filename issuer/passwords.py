"""Operators' console passwords: argon2id hashes, checked off the event loop, with back-off.

argon2-cffi's ``PasswordHasher`` (RFC 9106's low-memory profile) encodes its parameters and
salt in each hash, verifies in constant time and says when a hash needs a stronger rehash.
Hashing takes tens of milliseconds and 64 MiB, so it runs in a thread, never on the loop.
Failed sign-ins back off per operator name in the expiring-token store, shared by workers.
"""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from issuer.models import Operator, OperatorPassword
from node.errors import AuthError, InputError, NotFoundError, RateLimitedError
from node.storage import Database
from node.tokens import BackOff, TokenStore

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "SIGNIN_BACKOFF",
    "SIGNIN_KIND",
    "SignInFailedError",
    "WeakPasswordError",
    "check_password",
    "set_password",
    "sign_in",
]

SIGNIN_KIND = "issuer.signin"
#: Three mistypes are free; then each failure doubles the wait, from 1 s up to 15 minutes.
SIGNIN_BACKOFF = BackOff(base_seconds=1.0, free=3, max_seconds=900.0)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name costs what a wrong password does.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class SignInFailedError(AuthError):
    """Wrong name or password (which of the two is not said)."""

    code = "SIGN_IN_FAILED"
    title = "Wrong name or password"


class WeakPasswordError(InputError):
    """A new password too short or too plain to set."""

    code = "WEAK_PASSWORD"
    title = "Password too weak"


def check_password(password: str) -> None:
    """Refuse a password shorter than 12 characters or with fewer than 5 distinct ones."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")
    if len(set(password)) < 5:
        raise WeakPasswordError("a password needs at least 5 different characters")


def _verify(encoded: str, password: str) -> bool:
    try:
        return _hasher.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


async def set_password(db: Database, name: str, password: str) -> Operator:
    """Set (or replace) the console password of operator ``name``."""
    check_password(password)
    encoded = await asyncio.to_thread(_hasher.hash, password)
    async with db.session() as session:
        operator = await session.scalar(select(Operator).where(Operator.name == name))
        if operator is None:
            raise NotFoundError(f"no operator {name!r}")
        stored = await session.get(OperatorPassword, operator.id)
        if stored is None:
            session.add(OperatorPassword(operator_id=operator.id, password_hash=encoded))
        else:
            stored.password_hash = encoded
            stored.set_at = datetime.now(UTC)
    return operator


async def sign_in(db: Database, tokens: TokenStore, name: str, password: str) -> Operator:
    """The active operator ``name`` if ``password`` is its password; back-off on failures."""
    key = name.strip().casefold()
    wait = await tokens.wait_seconds(SIGNIN_KIND, key, SIGNIN_BACKOFF)
    if wait > 0:
        seconds = math.ceil(wait)
        raise RateLimitedError(
            f"too many failed sign-ins for this name; try again in {seconds} s",
            retry_after=seconds,
        )
    async with db.session() as session:
        found = (
            await session.execute(
                select(Operator, OperatorPassword.password_hash)
                .join(OperatorPassword, OperatorPassword.operator_id == Operator.id)
                .where(Operator.name == name.strip())
            )
        ).first()
    operator, encoded = (found[0], found[1]) if found else (None, _DUMMY_HASH)
    ok = await asyncio.to_thread(_verify, encoded, password[:MAX_PASSWORD_LENGTH])
    if operator is None or not ok or not operator.active:
        await tokens.record_failure(SIGNIN_KIND, key, SIGNIN_BACKOFF)
        raise SignInFailedError("wrong name or password")
    await tokens.clear(SIGNIN_KIND, key)
    if _hasher.check_needs_rehash(encoded):
        await set_password(db, operator.name, password)
    return operator
