"""Issued credentials: search, receipts and anchor status, revoke, suspend and reinstate.

Every action is the API's own service (``issuer.issued``); a status change needs a reason
and a note.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

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
    link,
    message,
    notice,
    page,
    posted,
    signed_form,
    table,
)
from issuer.context import IssuerContext
from issuer.deps import Ctx
from issuer.issued import IssuedCredentials
from issuer.oid4vci_qr import qr_svg
from issuer.routes.credentials import read_credential
from issuer.schemas import StatusChange
from issuer.status_changes import StatusAction
from node.errors import CreditBankError, InputError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

_STATUSES = ("", "signed", "batched", "anchored", "suspended", "revoked")
#: Reason codes the console offers (the chain stores the number; the note goes to the audit log).
REASONS = {
    "0": "Unspecified",
    "1": "Issued in error",
    "2": "Fraud or misconduct",
    "3": "Superseded by another credential",
    "4": "Under investigation",
}
_ACTIONS: dict[str, StatusAction] = {a: a for a in ("revoke", "suspend", "reinstate")}
_ANCHOR = {
    "signed": "signed, waiting for a batch",
    "batched": "in a batch being anchored",
    "anchored": "anchored on chain",
    "suspended": "anchored; suspended on chain",
    "revoked": "anchored; revoked on chain",
}


@router.get("/console/credentials")
async def search(request: Request, ctx: Ctx, q: str = "", status: str = "") -> Response:
    """Search by learner DID, standard code or credential id; newest first."""
    session = await current_session(ctx, request)
    session.require(Role.ADMIN, Role.OPERATOR, Role.REVIEWER)
    q = q.strip()
    status = status if status in _STATUSES else ""
    learner = q if q.startswith("did:") else None
    standard = q if q and not learner and not q.startswith("urn:") else None
    rows = await IssuedCredentials(ctx).search(
        learner_did=learner, standard_code=standard, status=status or None, limit=1000, offset=0
    )
    if q.startswith("urn:"):
        rows = [r for r in rows if r.credential_id == q]
    rows = list(reversed(rows))[:200]
    options = "".join(
        f'<option value="{s}"{" selected" if s == status else ""}>{s or "any status"}</option>'
        for s in _STATUSES
    )
    form = (
        '<form method="get" action="/console/credentials" class="card" role="search">'
        + field("q", "Learner DID, standard code or credential id", q, element_id="q")
        + '<div class="field"><label for="status">Status</label>'
        f'<select id="status" name="status">{options}</select></div>'
        '<button type="submit" id="search">Search</button></form>'
    )
    listed = [
        f'<tr data-credential="{e(r.credential_id)}">'
        + cell("Credential", link(f"/console/credentials/{r.credential_id}", r.credential_id))
        + cell("Learner", f'<span class="id">{e(r.learner_did)}</span>')
        + cell("Standard", e(r.standard_code))
        + cell("Status", f'<span class="status">{e(r.status)}</span>')
        + cell("Issued", e(r.created_at.strftime("%Y-%m-%d %H:%M")))
        + "</tr>"
        for r in rows
    ]
    found = (
        table(
            ("Credential", "Learner", "Standard", "Status", "Issued"),
            listed,
            caption=f"{len(rows)} credentials",
            element_id="credentials",
        )
        if rows
        else '<p id="empty">No credentials match.</p>'
    )
    return page("Issued credentials", form + found, session=session)


def _status_forms(
    credential_id: str, session: ConsoleSession, typed: dict[str, str], problem: str
) -> str:
    options = "".join(
        f'<option value="{k}"{" selected" if k == typed.get("reason") else ""}>{e(v)}</option>'
        for k, v in REASONS.items()
    )
    return (
        f'<form method="post" action="/console/credentials/{e(credential_id)}/status" '
        f'class="card" id="status-form">{hidden_csrf(session)}<h2>Change status</h2>{problem}'
        '<div class="field"><label for="reason">Reason</label>'
        f'<select id="reason" name="reason">{options}</select></div>'
        + field(
            "note",
            "Note (required; kept in the audit log)",
            typed.get("note", ""),
            kind="textarea",
            extra='required maxlength="1000" rows="2"',
        )
        + '<div class="buttons">'
        '<button type="submit" name="action" value="revoke" id="revoke" class="danger">'
        "Revoke for good</button>"
        '<button type="submit" name="action" value="suspend" id="suspend">Suspend</button>'
        '<button type="submit" name="action" value="reinstate" id="reinstate" class="secondary">'
        "Reinstate</button></div></form>"
    )


async def _detail(
    ctx: IssuerContext,
    session: ConsoleSession,
    credential_id: str,
    *,
    top: str = "",
    typed: dict[str, str] | None = None,
    problem: str = "",
    code: int = 200,
) -> Response:
    operator = session.require(Role.ADMIN, Role.OPERATOR, Role.REVIEWER)
    found = await read_credential(credential_id, ctx, operator)
    subject: dict[str, Any] = found.credential.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    facts = [
        ("Credential", found.credential_id),
        ("Status", found.status),
        ("Anchor", _ANCHOR.get(found.status, found.status)),
        ("Learner", subject.get("id")),
        ("Achievement", achievement.get("name")),
        ("Issued", found.credential.get("validFrom") or found.credential.get("issuanceDate")),
    ]
    listed = "".join(
        f'<dt>{e(k)}</dt><dd id="fact-{e(k.lower())}">{e(v)}</dd>' for k, v in facts if v
    )
    if found.receipt is None:
        receipt = '<p id="receipt">No receipt yet: the credential is not anchored.</p>'
    else:
        receipt = (
            f'<pre id="receipt" class="json">{e(json.dumps(found.receipt, indent=2))}</pre>'
            f"<p>{link(f'/credentials/{credential_id}/receipt', 'The receipt as JSON')}</p>"
        )
    may_change = session.operator.role in {Role.ADMIN.value, Role.OPERATOR.value}
    forms = (
        _status_forms(credential_id, session, typed or {}, problem)
        if may_change and found.status not in {"revoked"}
        else problem
    )
    offer = (
        f'<form method="post" action="/console/credentials/{e(credential_id)}/offer" '
        f'class="card" id="offer-form">{hidden_csrf(session)}<h2>Wallet offer</h2>'
        "<p>A one-time link the learner opens in a wallet to collect this credential.</p>"
        '<button type="submit" id="make-offer">Make a wallet offer</button></form>'
        if may_change and found.status != "revoked"
        else ""
    )
    body = (
        f'{top}<article class="card"><dl>{listed}</dl><h2>Anchor receipt</h2>{receipt}</article>'
        f"{offer}{forms}<p>{link('/console/credentials', 'Back to the search')}</p>"
    )
    return page("Credential", body, session=session, status=code)


@router.get("/console/credentials/{credential_id}")
async def detail(credential_id: str, request: Request, ctx: Ctx) -> Response:
    """One credential: anchor status, receipt, and the status forms for issuing operators."""
    session = await current_session(ctx, request)
    return await _detail(ctx, session, credential_id)


@router.post("/console/credentials/{credential_id}/status")
async def change(credential_id: str, request: Request, ctx: Ctx) -> Response:
    """Revoke, suspend or reinstate on chain with a reason; refused ones keep what was typed."""
    session, form = await signed_form(request, ctx)
    operator = session.require(Role.ADMIN, Role.OPERATOR)
    action = form.get("action", "")
    try:
        await check_posted(ctx, request, session, form)
        if action not in _ACTIONS:
            raise InputError("choose revoke, suspend or reinstate")
        if not form.get("note", "").strip():
            raise InputError("say why in the note: it is kept in the audit log")
        try:
            body = StatusChange(reason=int(form.get("reason", "0") or 0), note=form["note"].strip())
        except (ValueError, ValidationError) as exc:
            raise InputError("the reason is not one of the listed ones") from exc
        answer = await IssuedCredentials(ctx).change_status(
            credential_id, _ACTIONS[action], body.reason, body.note, operator.name
        )
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return await _detail(
            ctx, session, credential_id, typed=form, problem=shown, code=exc.http_status
        )
    past = {"revoke": "revoked", "suspend": "suspended", "reinstate": "reinstated"}[action]
    done = notice(
        f"Credential {past} on chain: now {answer.status} (transaction {answer.transaction})."
    )
    return await _detail(ctx, session, credential_id, top=done)


@router.post("/console/credentials/{credential_id}/offer")
async def make_offer(credential_id: str, request: Request, ctx: Ctx) -> Response:
    """A one-time OpenID4VCI offer of this credential, shown once (like ``POST /issuance``)."""
    session, _ = await posted(request, ctx)
    operator = session.require(Role.ADMIN, Role.OPERATOR)
    made = await IssuedCredentials(ctx).offer(credential_id, operator.name)
    qr = await asyncio.to_thread(qr_svg, made.offer_uri)  # pure-Python drawing: off the loop
    shown = (
        '<div class="notice" role="status" id="notice">One-time wallet offer, shown only now '
        f"(until {e(made.expires_at.strftime('%Y-%m-%d %H:%M'))} UTC):"
        f'<label for="offer-link">Offer link</label><input id="offer-link" readonly '
        f'value="{e(made.link)}">'
        f'<figure id="offer-qr" role="img" aria-label="QR code of the offer link">'
        f"{qr}</figure></div>"
    )
    return await _detail(ctx, session, credential_id, top=shown)
