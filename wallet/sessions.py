"""Unlocked wallets by session token, in memory only: a restart locks every wallet."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from wallet.errors import WalletLockedError
from wallet.wallet import Wallet

__all__ = ["Session", "Sessions"]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Session:
    """One unlocked wallet, its expiry, and the presentations made in it."""

    wallet: Wallet
    expires_at: float
    presentations: dict[str, dict[str, Any]] = field(default_factory=dict)


class Sessions:
    """Session tokens (kept only as hashes) mapped to unlocked wallets."""

    def __init__(self, ttl_seconds: int) -> None:
        self.ttl = ttl_seconds
        self._by_digest: dict[str, Session] = {}

    def start(self, wallet: Wallet) -> str:
        """A fresh bearer token for this wallet."""
        self._expire()
        token = secrets.token_urlsafe(32)
        self._by_digest[_digest(token)] = Session(wallet, time.monotonic() + self.ttl)
        return token

    def get(self, token: str | None) -> Session:
        """The session of a token, or ``WalletLockedError``."""
        self._expire()
        session = self._by_digest.get(_digest(token)) if token else None
        if session is None:
            raise WalletLockedError("unlock the wallet first (Authorization: Bearer <token>)")
        return session

    def end(self, token: str) -> None:
        """Forget the session: the wallet's plaintext leaves memory with it."""
        self._by_digest.pop(_digest(token), None)

    def end_all(self) -> None:
        """Lock every wallet (shutdown)."""
        self._by_digest.clear()

    def _expire(self) -> None:
        now = time.monotonic()
        for digest in [d for d, s in self._by_digest.items() if s.expires_at < now]:
            del self._by_digest[digest]
