"""The certification centre's review queue: applications of the reviewer's fields, decided.

The queue and every decision come from the API's own service, ``issuer.applications``, both
with the reviewer's ``FieldScope``: the console checks no field itself.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from issuer.applications import Applications
from issuer.auth import FieldScope, Role
from issuer.console.sessions import ConsoleSession, current_session
from issuer.console.web import (
    ConsoleRoute,
    check_posted,
    e,
    field,
    hidden_csrf,
    link,
    message,
    notice,
    page,
    queue_page,
    signed_form,
)
from issuer.context import IssuerContext
from issuer.deps import Ctx
from issuer.models import Application
from issuer.schemas import ApplicationCreate, ApplicationDecision
from node.errors import CreditBankError, InputError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

_STATUSES = ("submitted", "approved", "rejected")


def _invalid(exc: ValidationError) -> InputError:
    """Pydantic's complaint about a form, as the problem the API would give."""
    errors = [{"loc": list(err["loc"]), "msg": err["msg"]} for err in exc.errors()]
    return InputError("the form does not match what is expected", errors=errors)


def _evidence(items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p>No evidence attached.</p>"
    shown = []
    for item in items:
        ref = str(item.get("id") or "")
        name = e(item.get("name") or ref or "evidence")
        title = (
            f'<a href="{e(ref)}" rel="noreferrer noopener">{name}</a>'
            if ref.startswith("https://")
            else name
        )
        narrative = f"<p>{e(item['narrative'])}</p>" if item.get("narrative") else ""
        shown.append(f"<li>{title}{narrative}</li>")
    return f'<ul class="evidence">{"".join(shown)}</ul>'


def _decision_form(
    row: Application, session: ConsoleSession, typed: dict[str, str], problem: str
) -> str:
    return (
        f'<form method="post" action="/console/applications/{row.id}/decision" '
        f'class="decision" id="decide-{row.id}">{hidden_csrf(session)}{problem}'
        + field(
            "comment",
            "Comment (required)",
            typed.get("comment", ""),
            kind="textarea",
            element_id=f"comment-{row.id}",
            extra='required maxlength="5000" rows="3"',
        )
        + field(
            "credits_earned",
            "Credits earned (optional)",
            typed.get("credits_earned", ""),
            element_id=f"credits-{row.id}",
            extra='inputmode="decimal"',
        )
        + f'<div class="buttons"><button type="submit" name="decision" value="approve" '
        f'id="approve-{row.id}">Approve and issue</button>'
        f'<button type="submit" name="decision" value="reject" class="secondary" '
        f'id="reject-{row.id}">Reject</button></div></form>'
    )


def _application(
    ctx: IssuerContext,
    row: Application,
    session: ConsoleSession,
    typed: dict[str, str] | None = None,
    problem: str = "",
) -> str:
    try:
        standard_name = ctx.catalog.standard(row.standard_code).name
    except (KeyError, LookupError):
        standard_name = row.standard_code
    facts = [
        ("Learner", row.learner_did),
        ("Standard", f"{row.standard_code} — {standard_name}"),
        ("Field", row.field_code),
        ("Grade", row.grade or "—"),
        ("Result", row.result or "—"),
        ("Submitted by", row.submitted_by),
        ("Status", row.status),
    ]
    if row.reviewer:
        facts.append(("Decided by", f"{row.reviewer}: {row.comment or ''}"))
    if row.credential_id:
        facts.append(("Credential", row.credential_id))
    listed = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    form = (
        _decision_form(row, session, typed or {}, problem) if row.status == "submitted" else problem
    )
    return (
        f'<article class="card application" id="application-{row.id}" '
        f'data-status="{e(row.status)}"><h2>Application {row.id}</h2><dl>{listed}</dl>'
        f"<h3>Evidence</h3>{_evidence(row.evidence)}{form}</article>"
    )


async def _queue(
    ctx: IssuerContext,
    session: ConsoleSession,
    status: str,
    *,
    top: str = "",
    typed: dict[int, dict[str, str]] | None = None,
    problems: dict[int, str] | None = None,
    code: int = 200,
) -> Response:
    scope = FieldScope(session.require(Role.ADMIN, Role.REVIEWER))
    rows = await Applications(ctx).applications(scope, status or None, limit=200)
    fields = "all fields" if scope.all_fields else ", ".join(sorted(scope.fields)) or "no fields"
    cards = {
        r.id: _application(ctx, r, session, (typed or {}).get(r.id), (problems or {}).get(r.id, ""))
        for r in rows
    }
    return queue_page(
        "Review queue",
        session,
        action="/console/applications",
        statuses=_STATUSES,
        status=status,
        cards=cards,
        empty=f"No {status} applications.",
        problems=problems,
        top=top,
        intro=f"<p>Applications in {e(fields)}.</p>",
        code=code,
    )


@router.get("/console/applications")
async def queue(request: Request, ctx: Ctx, status: str = "submitted") -> Response:
    """Applications of the reviewer's fields, with their evidence and a decision form each."""
    session = await current_session(ctx, request)
    return await _queue(ctx, session, status if status in _STATUSES else "submitted")


@router.get("/console/applications/new")
async def new_form(request: Request, ctx: Ctx) -> Response:
    """Submit an application for a learner (a college operator on the learner's behalf)."""
    session = await current_session(ctx, request)
    return _new_page(ctx, session, {})


def _new_page(
    ctx: IssuerContext,
    session: ConsoleSession,
    typed: dict[str, str],
    top: str = "",
    code: int = 200,
) -> Response:
    options = "".join(
        f'<option value="{e(s.code)}"{" selected" if s.code == typed.get("standard_code") else ""}>'
        f"{e(s.code)} — {e(s.name)}</option>"
        for s in ctx.catalog.standards
    )
    body = (
        f'{top}<form method="post" action="/console/applications/new" class="card" '
        f'id="new-application">{hidden_csrf(session)}'
        + field(
            "learner_did",
            "Learner DID (did:key:…)",
            typed.get("learner_did", ""),
            extra='required autocomplete="off"',
        )
        + '<div class="field"><label for="standard_code">Outcome standard</label>'
        f'<select id="standard_code" name="standard_code">{options}</select></div>'
        + field("grade", "Grade (if graded)", typed.get("grade", ""))
        + field("result", "Result", typed.get("result", ""))
        + field("evidence_name", "Evidence: title", typed.get("evidence_name", ""))
        + field("evidence_url", "Evidence: link (https://…)", typed.get("evidence_url", ""))
        + field(
            "evidence_narrative",
            "Evidence: narrative",
            typed.get("evidence_narrative", ""),
            kind="textarea",
            extra='rows="3"',
        )
        + '<button type="submit" id="submit-application">Submit application</button></form>'
    )
    return page("New application", body, session=session, status=code)


@router.post("/console/applications/new")
async def new_post(request: Request, ctx: Ctx) -> Response:
    """Store the application; a refused one comes back with its message and what was typed."""
    session, form = await signed_form(request, ctx)
    evidence = {
        "id": form.get("evidence_url") or None,
        "name": form.get("evidence_name") or None,
        "narrative": form.get("evidence_narrative") or None,
    }
    try:
        await check_posted(ctx, request, session, form)
        try:
            body = ApplicationCreate(
                learner_did=form.get("learner_did", "").strip(),
                standard_code=form.get("standard_code", ""),
                grade=form.get("grade") or None,
                result=form.get("result") or None,
                evidence=[{k: v for k, v in evidence.items() if v}]
                if any(evidence.values())
                else [],
            )
        except ValidationError as exc:
            raise _invalid(exc) from exc
        applications = Applications(ctx)
        standard = applications.check(body)
        row = await applications.submit(body, standard, f"operator:{session.operator.name}")
    except CreditBankError as exc:
        return _new_page(
            ctx, session, form, message(exc.to_problem(instance=request.url.path)), exc.http_status
        )
    return _new_page(ctx, session, {}, notice(f"Application {row.id} submitted for review."))


@router.get("/console/applications/{application_id}")
async def one(application_id: int, request: Request, ctx: Ctx) -> Response:
    """One application, only for a reviewer of its field (403 with a message otherwise)."""
    session = await current_session(ctx, request)
    scope = FieldScope(session.require(Role.ADMIN, Role.REVIEWER))
    row = await Applications(ctx).get(application_id)
    scope.require(row.field_code)
    back = f"<p>{link('/console/applications', 'Back to the queue')}</p>"
    return page(
        f"Application {application_id}",
        _application(ctx, row, session) + back,
        session=session,
    )


@router.post("/console/applications/{application_id}/decision")
async def decision(application_id: int, request: Request, ctx: Ctx) -> Response:
    """Approve (issuing the credential) or reject with a comment, through the API's ``decide``."""
    session, form = await signed_form(request, ctx)
    scope = FieldScope(session.require(Role.ADMIN, Role.REVIEWER))
    try:
        await check_posted(ctx, request, session, form)
        try:
            credits = form.get("credits_earned", "").strip()
            body = ApplicationDecision(
                decision=form.get("decision", ""),
                comment=form.get("comment", "").strip(),
                credits_earned=Decimal(credits) if credits else None,
            )
        except InvalidOperation as exc:
            raise InputError("credits earned must be a number, e.g. 4 or 4.5") from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        _, credential_id = await Applications(ctx).decide(
            application_id,
            scope,
            approve=body.decision == "approve",
            comment=body.comment,
            credits_earned=body.credits_earned,
        )
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path), element_id="problem")
        return await _queue(
            ctx,
            session,
            "submitted",
            typed={application_id: form},
            problems={application_id: shown},
            code=exc.http_status,
        )
    verb = "approved" if body.decision == "approve" else "rejected"
    issued = f"; credential {credential_id} issued" if credential_id else ""
    return await _queue(
        ctx, session, "submitted", top=notice(f"Application {application_id} {verb}{issued}.")
    )
