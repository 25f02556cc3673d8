"""Route modules stay thin: they parse, authorize, call a service and shape the answer.

SQL lives in the service classes (``Issuance``, ``ConversionDesk``, ``Operators``...), so no
module under a service's ``routes/`` package, nor the issuer console's pages, imports SQLAlchemy
or opens a database session itself. Read with ``ast``, so nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUTE_PACKAGES = (
    "issuer/routes",
    "issuer/console",
    "verifier/routes",
    "wallet/routes",
    "governance/routes",
)
#: calls that only a database session answers
SESSION_CALLS = frozenset({"session", "scalar", "scalars", "execute", "commit"})


def database_use(source: str) -> list[str]:
    """What in ``source`` reaches the database itself (SQLAlchemy imports, session calls)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {a.name}")
                for a in node.names
                if a.name.split(".")[0] == "sqlalchemy"
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "sqlalchemy":
                found.append((node.lineno, f"from {node.module} import"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_CALLS
        ):
            found.append((node.lineno, f".{node.func.attr}()"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def route_modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ROUTE_PACKAGES)
def test_route_modules_leave_sql_to_the_services(package: str) -> None:
    modules = route_modules(package)
    assert modules, f"no modules under {package}: the guard would check nothing"
    offenders = {
        str(path.relative_to(ROOT)): used
        for path in modules
        if (used := database_use(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_checker_sees_sql_in_a_route() -> None:
    source = (
        "import sqlalchemy.orm\n"
        "from sqlalchemy import select\n"
        "async def handler(ctx):\n"
        "    async with ctx.ledger.db.session() as session:\n"
        "        return await session.scalars(select(X))\n"
    )
    assert database_use(source) == [
        "line 1: import sqlalchemy.orm",
        "line 2: from sqlalchemy import",
        "line 4: .session()",
        "line 5: .scalars()",
    ]


def test_the_checker_passes_a_thin_route() -> None:
    source = (
        "from issuer.operators import Operators\n"
        "async def handler(ctx, session):\n"
        "    session.require('admin')\n"
        "    return await Operators(ctx).audit(10)\n"
    )
    assert database_use(source) == []
