"""Administrators register operators and read the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from issuer.audit import record
from issuer.auth import Role, create_operator
from issuer.deps import Admin, Ctx
from issuer.models import AuditEntry
from issuer.passwords import set_password

router = APIRouter(tags=["operators"])


class OperatorCreate(BaseModel):
    """A new operator; reviewers name the fields they review."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9 ._@-]+$")
    role: Role
    fields: list[str] = Field(default_factory=list, max_length=50)


@router.post("/operators", status_code=201)
async def add_operator(body: OperatorCreate, ctx: Ctx, admin: Admin) -> dict[str, str]:
    """Register an operator; its API key is in this answer only."""
    key = await create_operator(ctx.ledger.db, body.name, body.role, body.fields)
    async with ctx.ledger.db.session() as session:
        record(session, admin.name, "operator.add", body.name, role=body.role.value)
    return {"name": body.name, "role": body.role.value, "api_key": key}


class PasswordSet(BaseModel):
    """A new console password for an operator (12 characters or more, 5 distinct)."""

    password: str = Field(min_length=1, max_length=1024)


@router.put("/operators/{name}/password", status_code=204)
async def set_operator_password(name: str, body: PasswordSet, ctx: Ctx, admin: Admin) -> None:
    """Set an operator's console password (stored as an argon2id hash only)."""
    await set_password(ctx.ledger.db, name, body.password)
    async with ctx.ledger.db.session() as session:
        record(session, admin.name, "operator.password", name)


@router.get("/audit")
async def audit_log(
    ctx: Ctx, _admin: Admin, limit: int = Query(default=100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """The newest audit entries first."""
    async with ctx.ledger.db.session() as session:
        rows = (
            await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        ).all()
    return [
        {
            "at": r.at.isoformat(),
            "actor": r.actor,
            "action": r.action,
            "target": r.target,
            "detail": r.detail,
        }
        for r in rows
    ]
