"""Administrators' pages: the audit log, and operators with their console passwords."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from issuer.auth import Role
from issuer.console.sessions import ConsoleSession, current_session
from issuer.console.web import (
    ConsoleRoute,
    cell,
    check_posted,
    e,
    field,
    hidden_csrf,
    message,
    notice,
    page,
    signed_form,
    table,
)
from issuer.context import IssuerContext
from issuer.deps import Ctx
from issuer.operators import Operators
from issuer.passwords import check_password
from issuer.routes.operators import OperatorCreate, audit_log
from node.errors import CreditBankError, InputError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


@router.get("/console/audit")
async def audit(request: Request, ctx: Ctx, limit: int = 200) -> Response:
    """The newest audit entries first (administrators)."""
    session = await current_session(ctx, request)
    admin = session.require(Role.ADMIN)
    entries = await audit_log(ctx, admin, limit=max(1, min(limit, 1000)))
    rows = [
        "<tr>"
        + cell("When", e(entry["at"][:19].replace("T", " ")))
        + cell("Who", e(entry["actor"]))
        + cell("Action", e(entry["action"]))
        + cell("Target", f'<span class="id">{e(entry["target"])}</span>')
        + cell(
            "Detail",
            f'<span class="id">{e(json.dumps(entry["detail"], ensure_ascii=False))}</span>',
        )
        + "</tr>"
        for entry in entries
    ]
    shown = table(
        ("When", "Who", "Action", "Target", "Detail"),
        rows,
        caption=f"The newest {len(rows)} entries",
        element_id="audit",
    )
    return page("Audit log", shown, session=session)


async def _operators_page(
    ctx: IssuerContext,
    session: ConsoleSession,
    *,
    top: str = "",
    typed: dict[str, str] | None = None,
    code: int = 200,
) -> Response:
    session.require(Role.ADMIN)
    typed = typed or {}
    operators = await Operators(ctx).listed()
    rows = [
        "<tr>"
        + cell("Name", e(o.name))
        + cell("Role", e(o.role))
        + cell("Fields", e(", ".join(o.fields or []) or "—"))
        + cell("Active", "yes" if o.active else "no")
        + "</tr>"
        for o in operators
    ]
    roles = "".join(
        f'<option value="{r.value}"{" selected" if r.value == typed.get("role") else ""}>'
        f"{r.value}</option>"
        for r in Role
    )
    form = (
        f'<form method="post" action="/console/operators" class="card" id="operator-form">'
        f"{hidden_csrf(session)}<h2>Add an operator, or set a password</h2>"
        "<p>A new name adds the operator (its API key is shown once); an existing name only "
        "gets the new password.</p>"
        + field("op_name", "Name", typed.get("op_name", ""), extra='required autocomplete="off"')
        + f'<div class="field"><label for="role">Role</label><select id="role" name="role">'
        f"{roles}</select></div>"
        + field("fields", "Fields reviewed (comma-separated)", typed.get("fields", ""))
        + field(
            "new_password",
            "Console password (12+ characters)",
            kind="password",
            extra='required autocomplete="new-password"',
        )
        + '<button type="submit" id="save-operator">Save</button></form>'
    )
    listed = table(
        ("Name", "Role", "Fields", "Active"), rows, caption="Operators", element_id="ops"
    )
    return page("Operators", top + form + listed, session=session, status=code)


@router.get("/console/operators")
async def operators(request: Request, ctx: Ctx) -> Response:
    """Operators and the form to add one or set a password."""
    return await _operators_page(ctx, await current_session(ctx, request))


@router.post("/console/operators")
async def save_operator(request: Request, ctx: Ctx) -> Response:
    """Add an operator with a password, or set an existing operator's password."""
    session, form = await signed_form(request, ctx)
    admin = session.require(Role.ADMIN)
    name = form.get("op_name", "").strip()
    password = form.get("new_password", "")
    api_key = ""
    try:
        await check_posted(ctx, request, session, form)
        check_password(password)
        if not await Operators(ctx).exists(name):
            try:
                body = OperatorCreate(
                    name=name,
                    role=form.get("role", ""),
                    fields=[f.strip() for f in form.get("fields", "").split(",") if f.strip()],
                )
            except ValidationError as exc:
                errors = [{"loc": list(x["loc"]), "msg": x["msg"]} for x in exc.errors()]
                raise InputError("the operator is not valid", errors=errors) from exc
            api_key = await Operators(ctx).add(body.name, body.role, body.fields, admin.name)
        await Operators(ctx).set_password(name, password, admin.name)
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return await _operators_page(ctx, session, top=shown, typed=form, code=exc.http_status)
    done = (
        notice(f"Operator {name} added; its API key, shown only now: {api_key}")
        if api_key
        else notice(f"Password of {name} set.")
    )
    return await _operators_page(ctx, session, top=done)
