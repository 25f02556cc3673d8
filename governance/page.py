"""The members' page, rendered on the server from the same views the API returns."""

from __future__ import annotations

from html import escape
from typing import Any

from governance.board import AccreditationView, ProposalView

__all__ = ["render_page"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _list(values: list[str]) -> str:
    return ", ".join(_e(v) for v in values) or "nobody"


def _accreditations(rows: list[AccreditationView]) -> str:
    if not rows:
        return '<p class="muted">Nobody is accredited yet.</p>'
    body = "".join(
        f'<tr data-account="{_e(a.account)}"><td><code>{_e(a.account)}</code></td>'
        f'<td>{_e(a.role)}</td><td class="status {_e(a.status)}">{_e(a.status)}</td>'
        f"<td>{_e(a.scope)}</td><td>{_e(a.valid_from)} to {_e(a.valid_until)}</td>"
        f"<td>{_e(a.accreditor)}</td></tr>"
        for a in rows
    )
    return (
        '<table id="accreditation-table"><thead><tr><th>account</th><th>role</th><th>status</th>'
        "<th>scope</th><th>valid</th><th>accredited by</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _rejections(p: ProposalView) -> str:
    if not p.rejected_by:
        return ""
    items = "".join(
        f"<li><code>{_e(g)}</code> ({_e(r.get('operator'))}): {_e(r.get('reason'))}</li>"
        for g, r in p.rejected_by.items()
    )
    return f'<ul class="rejections">{items}</ul>'


def _proposal(p: ProposalView, can_decide: bool) -> str:
    warnings = "".join(f'<p class="warning">{_e(w)}</p>' for w in p.warnings)
    controls = ""
    if can_decide:
        controls = (
            f'<p class="decide"><button type="button" class="approve" id="approve-{p.id}" '
            f'data-id="{p.id}">Approve</button> '
            f'<label>Reason <input type="text" id="reason-{p.id}" maxlength="1000"></label> '
            f'<button type="button" class="reject" id="reject-{p.id}" data-id="{p.id}">'
            "Reject</button></p>"
        )
    return (
        f'<article class="proposal" id="proposal-{p.id}" data-state="{_e(p.state)}">'
        f'<h3>Proposal {p.id}</h3><p class="words">{_e(p.words)}</p>'
        f"<dl><dt>proposed by</dt><dd><code>{_e(p.proposer)}</code></dd>"
        f"<dt>approvals</dt><dd>{p.approvals} of {p.quorum}: {_list(p.approved_by)}</dd>"
        f'<dt>still needed</dt><dd class="needed">{_e(p.needed)}</dd>'
        f"<dt>lapses</dt><dd>{_e(p.expires)}</dd></dl>"
        f"{_rejections(p)}{warnings}{controls}</article>"
    )


def render_page(
    *,
    css_url: str,
    js_url: str,
    api_base: str,
    member: dict[str, Any],
    accreditations: list[AccreditationView],
    proposals: list[ProposalView],
) -> str:
    """The whole page: who governs, who is accredited, what waits for a decision."""
    is_governor = member["role"] == "governor"
    pending = [p for p in proposals if p.pending]
    listed = (
        "".join(
            _proposal(p, is_governor and member["member"] not in p.approved_by) for p in pending
        )
        or '<p class="muted" id="no-proposals">No proposal is waiting.</p>'
    )
    governors = "".join(f"<li><code>{_e(g)}</code></li>" for g in member["governors"])
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Credit Bank — governance</title>
<link rel="stylesheet" href="{_e(css_url)}">
<script src="{_e(js_url)}" defer></script>
</head>
<body data-api="{_e(api_base)}">
<header>
<h1>Credit Bank governance</h1>
<p>Acting as <code id="member">{_e(member["member"])}</code>
(<span id="role">{_e(member["role"])}</span>).</p>
</header>
<main>
<section id="members">
<h2>Members</h2>
<p>Governors (an action needs <strong id="quorum">{_e(member["quorum"])}</strong> approvals):</p>
<ul id="governors">{governors}</ul>
</section>
<section id="accreditations">
<h2>Accreditations</h2>
{_accreditations(accreditations)}
</section>
<section id="proposals">
<h2>Pending proposals</h2>
<p><label for="api-key">Your operator key</label>
<input type="password" id="api-key" autocomplete="off"> (kept in this tab only)</p>
<p id="result" role="status" hidden></p>
<p id="error" class="error" role="alert" hidden></p>
{listed}
</section>
</main>
</body>
</html>
"""
