"""The verifier's one table: challenges it issued, each usable once before it expires."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from node.storage import Base

__all__ = ["VerifierChallenge"]


class VerifierChallenge(Base):
    """A challenge handed to a candidate; ``used_at`` is set by the one verification it allows."""

    __tablename__ = "verifier_challenge"

    challenge: Mapped[str] = mapped_column(String(64), primary_key=True)
    domain: Mapped[str] = mapped_column(String(500))
    #: Unix seconds: portable across SQLite and PostgreSQL, no time-zone ambiguity.
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger, default=None)
