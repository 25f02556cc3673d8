"""The college's console: programmes and rule sets as YAML, the conversion queue, a report.

A programme and its rule set are checked as they are typed (``/console/programmes/check``,
the same parser that refuses a publication, with the line at fault) and published through
``ConversionDesk.publish``. Conversions are listed and decided through ``ConversionDesk`` and
the API's ``decide``, both with the officer's ``FieldScope``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError

from issuer.auth import FieldScope, Role
from issuer.console.sessions import ConsoleSession, check_form, check_origin, current_session
from issuer.console.web import (
    ConsoleRoute,
    cell,
    check_posted,
    e,
    field,
    hidden_csrf,
    link,
    message,
    notice,
    page,
    queue_page,
    read_form,
    signed_form,
    table,
)
from issuer.context import IssuerContext
from issuer.conversions import ConversionDesk
from issuer.deps import Ctx
from issuer.models import ConversionApplication
from issuer.routes.conversions import ConversionDecisionIn, decide
from node.conversion.parsing import parse_programme, parse_rule_set
from node.errors import CreditBankError, InputError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

_DOCS = (("programme", "Programme (YAML)"), ("rule_set", "Rule set (YAML)"))


def check_texts(programme_text: str, rule_set_text: str) -> dict[str, dict[str, Any]]:
    """Each document's verdict from the publishing parser: ok, or the problem with its line."""
    verdict: dict[str, dict[str, Any]] = {}
    try:
        programme = parse_programme(programme_text)
    except CreditBankError as exc:
        verdict["programme"] = {"ok": False, "message": _said(exc)}
        verdict["rule_set"] = {"ok": False, "message": "The programme must be valid first."}
        return verdict
    verdict["programme"] = {
        "ok": True,
        "message": f"Valid: {programme.id} version {programme.version}.",
    }
    try:
        rule_set = parse_rule_set(rule_set_text, programme)
    except CreditBankError as exc:
        verdict["rule_set"] = {"ok": False, "message": _said(exc)}
    else:
        verdict["rule_set"] = {
            "ok": True,
            "message": f"Valid: {len(rule_set.rules)} rules for {programme.id}.",
        }
    return verdict


def _as_yaml(document: BaseModel) -> str:
    """A published document as YAML to start the next version from (it parses back equal)."""
    data = document.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _credits(value: object) -> str:
    """Credits as the bank writes them: two decimals."""
    return f"{Decimal(str(value)):.2f}"


def _said(exc: CreditBankError) -> str:
    """The parser's detail names the line; its problem list only when the detail does not."""
    if "line " in exc.detail:
        return exc.detail
    return "; ".join([exc.detail, *(str(p) for p in exc.extra.get("problems") or [])])


def _editor(
    session: ConsoleSession, texts: dict[str, str], verdict: dict[str, dict[str, Any]]
) -> str:
    parts = []
    for name, label in _DOCS:
        found = verdict.get(name)
        shown = ""
        if found is not None:
            kind, role = ("notice", "status") if found["ok"] else ("problem", "alert")
            shown = e(found["message"])
        else:
            kind, role = "hint", "status"
        parts.append(
            field(
                name,
                label,
                texts.get(name, ""),
                kind="textarea",
                element_id=name,
                extra=f'class="yaml" data-check spellcheck="false" rows="14" '
                f'aria-describedby="{name}-check"',
            )
            + f'<div id="{name}-check" class="{kind}" role="{role}" aria-live="polite">'
            f"{shown}</div>"
        )
    return (
        '<form method="post" action="/console/programmes" class="card" id="programme-form" '
        f'data-check-url="/console/programmes/check">{hidden_csrf(session)}'
        "<p>Write the programme and its rule set; each is checked as you type. Publishing "
        "stores both on IPFS and anchors their digests on chain.</p>"
        + "".join(parts)
        + '<button type="submit" id="publish">Publish</button></form>'
    )


async def _programmes_page(
    ctx: IssuerContext,
    session: ConsoleSession,
    *,
    texts: dict[str, str] | None = None,
    verdict: dict[str, dict[str, Any]] | None = None,
    top: str = "",
    code: int = 200,
) -> Response:
    session.require(Role.ADMIN)
    published = await ConversionDesk(ctx).programmes()
    rows = [
        f'<tr data-programme="{e(p.programme.id)}">'
        + cell("Programme", f'<span class="id">{e(p.programme.id)}</span>')
        + cell("Version", e(p.programme.version))
        + cell("Field", e(p.programme.field))
        + cell("Rules", e(len(p.rule_set.rules)))
        + cell("Rule-set digest", f'<span class="id">{e(p.row.rule_set_digest)}</span>')
        + cell("Next version", link("/console/programmes", "Edit a copy", edit=p.programme.id))
        + "</tr>"
        for p in published
    ]
    listed = (
        table(
            ("Programme", "Version", "Field", "Rules", "Rule-set digest", "Next version"),
            rows,
            caption="Published programmes",
            element_id="programmes",
        )
        if rows
        else '<p id="empty">No programme published yet.</p>'
    )
    body = top + _editor(session, texts or {}, verdict or {}) + listed
    return page("Programmes and rule sets", body, session=session, status=code)


@router.get("/console/programmes")
async def programmes(request: Request, ctx: Ctx, edit: str = "") -> Response:
    """Published programmes, and the editor (with the latest version of ``edit`` to start)."""
    session = await current_session(ctx, request)
    texts: dict[str, str] = {}
    if edit:
        latest = await ConversionDesk(ctx).programme(edit)
        texts = {name: _as_yaml(getattr(latest, name)) for name, _ in _DOCS}
    return await _programmes_page(ctx, session, texts=texts)


@router.post("/console/programmes/check")
async def check(request: Request, ctx: Ctx) -> Response:
    """The editor's check as you type: JSON per document (the page's script shows it)."""
    check_origin(ctx, request)
    session = await current_session(ctx, request)
    session.require(Role.ADMIN)
    await check_form(ctx, session, request.headers.get("x-csrf-token", ""))
    form = await read_form(request)
    verdict = check_texts(form.get("programme", ""), form.get("rule_set", ""))
    return JSONResponse(verdict, headers={"Cache-Control": "no-store"})


@router.post("/console/programmes")
async def publish(request: Request, ctx: Ctx) -> Response:
    """Publish both documents; refused ones come back as typed, the problem at the document."""
    session, form = await signed_form(request, ctx)
    admin = session.require(Role.ADMIN)
    texts = {name: form.get(name, "") for name, _ in _DOCS}
    try:
        await check_posted(ctx, request, session, form)
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return await _programmes_page(ctx, session, texts=texts, top=shown, code=exc.http_status)
    verdict = check_texts(texts["programme"], texts["rule_set"])
    if not all(v["ok"] for v in verdict.values()):
        problem = InputError("the programme or its rule set is not valid; see below").to_problem()
        return await _programmes_page(
            ctx, session, texts=texts, verdict=verdict, top=message(problem), code=422
        )
    try:
        done = await ConversionDesk(ctx).publish(texts["programme"], texts["rule_set"], admin.name)
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return await _programmes_page(
            ctx, session, texts=texts, verdict=verdict, top=shown, code=exc.http_status
        )
    said = notice(
        f"Published {done.programme.id} version {done.programme.version}; rule-set digest "
        f"{done.row.rule_set_digest}."
    )
    return await _programmes_page(ctx, session, top=said)


def _explanation(proposal: dict[str, Any], number: int) -> str:
    results = [
        f'<tr class="rule" data-rule="{e(r.get("rule"))}">'
        + cell("Rule", e(r.get("rule")))
        + f'<td data-label="Outcome" class="{e(r.get("status"))}">{e(r.get("status"))}</td>'
        + cell("Why", e(r.get("reason")))
        + cell("Credits", e(r.get("credits")))
        + "</tr>"
        for r in proposal.get("results") or []
    ]
    return table(
        ("Rule", "Outcome", "Why", "Credits"),
        results,
        caption="The rules, one by one",
        element_id=f"explanation-{number}",
    ).replace('class="stack"', 'class="stack rules"', 1)


def _grants(
    row: ConversionApplication, session: ConsoleSession, typed: dict[str, str], problem: str
) -> str:
    grants = row.proposal.get("grants") or []
    inputs = "".join(
        field(
            f"keep:{g['id']}",
            f"{g['target']} ({g['kind']}, rule {g['rule']}): credits to grant, at most "
            f"{g['credits']}",
            typed.get(f"keep:{g['id']}", g["credits"]),
            element_id=f"keep-{row.id}-{i}",
            extra='inputmode="decimal"',
        )
        for i, g in enumerate(grants)
    )
    return (
        f'<form method="post" action="/console/conversions/{row.id}/decision" '
        f'class="decision" id="decide-{row.id}">{hidden_csrf(session)}{problem}'
        f"<h3>Decision</h3>{inputs}"
        + field(
            "reason",
            "Reason (required)",
            typed.get("reason", ""),
            kind="textarea",
            element_id=f"reason-{row.id}",
            extra='required maxlength="5000" rows="2"',
        )
        + f'<div class="buttons"><button type="submit" name="decision" value="approve" '
        f'id="approve-{row.id}">Approve as proposed</button>'
        f'<button type="submit" name="decision" value="lower" class="secondary" '
        f'id="lower-{row.id}">Approve with the credits above</button>'
        f'<button type="submit" name="decision" value="reject" class="danger" '
        f'id="reject-{row.id}">Reject</button></div></form>'
    )


def _conversion(
    row: ConversionApplication, session: ConsoleSession, typed: dict[str, str], problem: str
) -> str:
    proposal = row.proposal
    facts = [
        ("Learner", row.learner_did),
        ("Programme", f"{row.programme_id} v{row.programme_version}"),
        ("Sources", ", ".join(str(s["credential"].get("id")) for s in row.sources)),
        ("Proposed", f"{proposal.get('total')} credits (ceiling {proposal.get('ceiling')})"),
        ("Status", row.status),
    ]
    if row.officer:
        granted = (row.decision or {}).get("total")
        facts.append(("Decided", f"{row.status} by {row.officer}: {row.reason}"))
        if granted is not None:
            facts.append(("Granted", f"{_credits(granted)} credits"))
    if row.conversion_id:
        facts.append(("On chain", row.conversion_id))
    listed = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    form = _grants(row, session, typed, problem) if row.status == "proposed" else problem
    return (
        f'<article class="card conversion" id="conversion-{row.id}" '
        f'data-status="{e(row.status)}"><h2>Conversion application {row.id}</h2>'
        f"<dl>{listed}</dl>{_explanation(proposal, row.id)}{form}</article>"
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
    rows = await ConversionDesk(ctx).applications(scope, status or None)
    cards = {
        r.id: _conversion(r, session, (typed or {}).get(r.id, {}), (problems or {}).get(r.id, ""))
        for r in rows
    }
    return queue_page(
        "Conversion queue",
        session,
        action="/console/conversions",
        statuses=("proposed", "approved", "rejected"),
        status=status,
        cards=cards,
        empty=f"No {status} conversion applications.",
        problems=problems,
        top=top,
        code=code,
    )


@router.get("/console/conversions")
async def conversions(request: Request, ctx: Ctx, status: str = "proposed") -> Response:
    """Applications into programmes of the officer's fields, each with its explanation."""
    session = await current_session(ctx, request)
    return await _queue(ctx, session, status)


def _keep(form: dict[str, str]) -> dict[str, Decimal]:
    keep: dict[str, Decimal] = {}
    for name, value in form.items():
        if name.startswith("keep:") and value.strip():
            try:
                keep[name.removeprefix("keep:")] = Decimal(value.strip())
            except InvalidOperation as exc:
                raise InputError(f"{value!r} is not a number of credits") from exc
    return keep


@router.post("/console/conversions/{application_id}/decision")
async def decision(application_id: int, request: Request, ctx: Ctx) -> Response:
    """Approve as proposed or lowered, or reject, with a reason (the API's ``decide``)."""
    session, form = await signed_form(request, ctx)
    scope = FieldScope(session.require(Role.ADMIN, Role.REVIEWER))
    choice = form.get("decision", "")
    try:
        await check_posted(ctx, request, session, form)
        try:
            body = ConversionDecisionIn(
                decision="reject" if choice == "reject" else "approve",
                reason=form.get("reason", "").strip(),
                keep=_keep(form) if choice == "lower" else None,
            )
        except ValidationError as exc:
            errors = [{"loc": list(x["loc"]), "msg": x["msg"]} for x in exc.errors()]
            raise InputError("the decision is not complete", errors=errors) from exc
        if choice not in {"approve", "lower", "reject"}:
            raise InputError("choose approve, approve with the credits given, or reject")
        answer = await decide(application_id, body, ctx, scope)
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return await _queue(
            ctx,
            session,
            "proposed",
            typed={application_id: form},
            problems={application_id: shown},
            code=exc.http_status,
        )
    if answer["status"] == "approved":
        granted = (answer.get("decision") or {}).get("total")
        said = (
            f"Conversion application {application_id} approved: {_credits(granted)} credits, "
            "recorded "
            f"on chain as {answer['conversion_id']}; the learner's offer: "
            f"{answer['offer']['link']}"
        )
    else:
        said = f"Conversion application {application_id} rejected."
    return await _queue(ctx, session, "proposed", top=notice(said))


@router.get("/console/conversions/report")
async def report(request: Request, ctx: Ctx) -> Response:
    """Conversions by programme in the officer's fields: counts and credits granted."""
    session = await current_session(ctx, request)
    scope = FieldScope(session.require(Role.ADMIN, Role.REVIEWER))
    rows = await ConversionDesk(ctx).applications(scope)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    credits: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        counts[row.programme_id][row.status] += 1
        if row.status == "approved" and row.decision:
            credits[row.programme_id] += Decimal(str(row.decision.get("total", 0)))
    lines = [
        f'<tr data-programme="{e(programme)}">'
        + cell("Programme", f'<span class="id">{e(programme)}</span>')
        + cell("Proposed", e(by["proposed"]))
        + cell("Approved", e(by["approved"]))
        + cell("Rejected", e(by["rejected"]))
        + cell("Credits granted", e(_credits(credits[programme])))
        + "</tr>"
        for programme, by in sorted(counts.items())
    ]
    shown = (
        table(
            ("Programme", "Proposed", "Approved", "Rejected", "Credits granted"),
            lines,
            caption="Conversions by programme",
            element_id="report",
        )
        if lines
        else '<p id="empty">No conversion applications yet.</p>'
    )
    return page("Conversions by programme", shown, session=session)
