"""Operators and their roles: who may review, issue or administer."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import bindparam, select

from issuer.models import Operator
from node.errors import AuthError, ForbiddenError, InputError
from node.storage import Database
from node.web import hash_api_key, new_api_key

__all__ = ["FieldScope", "Role", "admit", "authenticate", "create_operator"]


class Role(StrEnum):
    """What an operator may do."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    OPERATOR = "operator"


class FieldScope:
    """The fields one operator may decide in; every decision in the issuer takes one.

    Routes get it only from the ``Deciding`` dependency, and the services that decide
    (applications, conversions) require it as an argument, so a new route cannot decide
    without stating whose field it is and having it checked.
    """

    def __init__(self, operator: Operator) -> None:
        self.operator = operator
        self.all_fields = operator.role == Role.ADMIN.value
        self.fields = frozenset(operator.fields or [])

    def covers(self, field: str) -> bool:
        """Whether the operator may see and decide things of ``field``."""
        return self.all_fields or field in self.fields

    def require(self, field: str) -> None:
        """Refuse with 403 unless the operator reviews ``field``."""
        if not self.covers(field):
            raise ForbiddenError(
                f"{self.operator.role} {self.operator.name} does not review field {field}"
            )


async def create_operator(
    db: Database, name: str, role: Role, fields: list[str] | None = None
) -> str:
    """Register an operator and return its API key, which is shown only this once."""
    key = new_api_key()
    async with db.session() as session:
        exists = await session.scalar(select(Operator.id).where(Operator.name == name))
        if exists is not None:
            raise InputError(f"operator {name!r} exists already")
        session.add(
            Operator(name=name, role=role.value, fields=fields or [], key_hash=hash_api_key(key))
        )
    return key


#: Every write request runs it, so it is a hot read (``Database.fetch``), not a session's.
_OPERATOR_BY_KEY = select(Operator.__table__).where(
    Operator.__table__.c.key_hash == bindparam("key_hash")
)


async def authenticate(db: Database, api_key: str | None, allowed: set[Role]) -> Operator:
    """The active operator holding ``api_key``, if its role is among ``allowed``.

    The operator is a detached copy of its row, read when the request came: a key disabled
    since then is refused by the next request.
    """
    if not api_key:
        raise AuthError("an API key is required (header X-API-Key or Authorization: Bearer)")
    rows = await db.fetch(_OPERATOR_BY_KEY, {"key_hash": hash_api_key(api_key)})
    if not rows or not rows[0]["active"]:
        raise AuthError("unknown or disabled API key")
    return admit(Operator(**rows[0]), allowed)


def admit(operator: Operator, allowed: set[Role]) -> Operator:
    """``operator`` if its role is among ``allowed`` (API key and console session alike)."""
    if Role(operator.role) not in allowed:
        raise ForbiddenError(
            f"role {operator.role!r} may not do this; needs one of "
            + ", ".join(sorted(r.value for r in allowed))
        )
    return operator
