"""The audit log: every write through the issuer leaves one entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from issuer.models import AuditEntry

__all__ = ["record"]


def record(session: AsyncSession, actor: str, action: str, target: str, **detail: Any) -> None:
    """Add an entry in the caller's transaction, so it commits with the change it records."""
    session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail))
