"""Administrators register operators and read the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from issuer.auth import Role
from issuer.deps import Admin, Ctx
from issuer.operators import Operators

router = APIRouter(tags=["operators"])


class OperatorCreate(BaseModel):
    """A new operator; reviewers name the fields they review."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9 ._@-]+$")
    role: Role
    fields: list[str] = Field(default_factory=list, max_length=50)


@router.post("/operators", status_code=201)
async def add_operator(body: OperatorCreate, ctx: Ctx, admin: Admin) -> dict[str, str]:
    """Register an operator; its API key is in this answer only."""
    key = await Operators(ctx).add(body.name, body.role, body.fields, admin.name)
    return {"name": body.name, "role": body.role.value, "api_key": key}


class PasswordSet(BaseModel):
    """A new console password for an operator (12 characters or more, 5 distinct)."""

    password: str = Field(min_length=1, max_length=1024)


@router.put("/operators/{name}/password", status_code=204)
async def set_operator_password(name: str, body: PasswordSet, ctx: Ctx, admin: Admin) -> None:
    """Set an operator's console password (stored as an argon2id hash only)."""
    await Operators(ctx).set_password(name, body.password, admin.name)


@router.get("/audit")
async def audit_log(
    ctx: Ctx, _admin: Admin, limit: int = Query(default=100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """The newest audit entries first."""
    return [
        {
            "at": r.at.isoformat(),
            "actor": r.actor,
            "action": r.action,
            "target": r.target,
            "detail": r.detail,
        }
        for r in await Operators(ctx).audit(limit)
    ]
