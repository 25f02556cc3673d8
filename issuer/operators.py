"""Operators and the audit log: registered, given console passwords, listed and read.

One implementation for the API (``/operators``, ``/audit``) and the console's pages, so a route
only parses, authorizes and shapes the answer. Every write leaves its audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from issuer.audit import record
from issuer.auth import Role, create_operator
from issuer.context import IssuerContext
from issuer.models import AuditEntry, Operator
from issuer.passwords import set_password

__all__ = ["Operators"]


class Operators:
    """The issuer's operators and the audit log they write."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    async def add(self, name: str, role: Role, fields: list[str], actor: str) -> str:
        """Register an operator and return its API key, which is shown only this once."""
        key = await create_operator(self.ctx.ledger.db, name, role, fields)
        async with self.ctx.ledger.db.session() as session:
            record(session, actor, "operator.add", name, role=role.value)
        return key

    async def set_password(self, name: str, password: str, actor: str) -> None:
        """Set an operator's console password (stored as an argon2id hash only)."""
        await set_password(self.ctx.ledger.db, name, password)
        async with self.ctx.ledger.db.session() as session:
            record(session, actor, "operator.password", name)

    async def exists(self, name: str) -> bool:
        """Whether an operator of this name is registered (active or not)."""
        async with self.ctx.ledger.db.session() as session:
            found = await session.scalar(select(Operator.id).where(Operator.name == name))
        return found is not None

    async def get(self, operator_id: int) -> Operator | None:
        """One operator by its row id, if there is one."""
        async with self.ctx.ledger.db.session() as session:
            return await session.get(Operator, operator_id)

    async def listed(self) -> Sequence[Operator]:
        """Every operator, by name."""
        async with self.ctx.ledger.db.session() as session:
            return (await session.scalars(select(Operator).order_by(Operator.name))).all()

    async def audit(self, limit: int) -> Sequence[AuditEntry]:
        """The newest ``limit`` audit entries first."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        async with self.ctx.ledger.db.session() as session:
            return (await session.scalars(query)).all()
