"""The employer's page, rendered on the server from the same report JSON the API returns."""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["render_page"]

_STATUS_LABEL = {"passed": "passed", "failed": "failed", "could-not-check": "could not check"}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _checks(checks: list[dict[str, Any]], caption: str) -> str:
    rows = "".join(
        f'<tr class="check {_e(c["status"])}" data-check="{_e(c["name"])}">'
        f'<th scope="row">{_e(c["name"])}</th>'
        f'<td class="status">{_e(_STATUS_LABEL.get(c["status"], c["status"]))}</td>'
        f"<td>{_e(c['reason'])}</td></tr>"
        for c in checks
    )
    return (
        f'<table class="checks"><caption>{_e(caption)}</caption>'
        "<thead><tr><th>check</th><th>status</th><th>reason</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _credential(index: int, report: dict[str, Any], line: dict[str, Any]) -> str:
    facts = report.get("summary") or {}
    title = facts.get("name") or report.get("credential_id") or f"credential {index + 1}"
    badge = "valid" if report.get("valid") else "invalid"
    details = [
        ("standard", facts.get("standard_code")),
        ("field", facts.get("field_name") or facts.get("field")),
        ("level", facts.get("level")),
        ("outcome type", facts.get("outcome_type")),
        ("credits earned", _credits(facts.get("credits_earned"), facts.get("credit_system"))),
        ("ledger status", report.get("status")),
        ("credit class", f"{line['class']}: {line['note']}" if line.get("class") else None),
        ("issuer", report.get("issuer")),
    ]
    items = "".join(
        f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in details if value is not None
    )
    return (
        f'<article class="credential {badge}" data-index="{index}">'
        f'<h3><span class="badge {badge}">{badge}</span> {_e(title)}</h3>'
        f"<dl>{items}</dl>{_checks(report.get('checks', []), 'checks of this credential')}"
        "</article>"
    )


def _credits(amount: object, system: object) -> str | None:
    if amount is None:
        return None
    return f"{amount} {system}" if system else str(amount)


_CLASS_TITLE = {
    "generic": "Generic credentials (no credits)",
    "foreign": "Foreign or not anchored here (no credits)",
}


def _totals(summary: dict[str, Any]) -> str:
    """Certified totals, conversions apart per programme, then what counts for nothing."""
    return (
        _certified(summary)
        + _converted(summary)
        + _flagged(summary.get("flagged") or [])
        + "".join(
            _listed(cls, title, summary.get("credentials") or [])
            for cls, title in _CLASS_TITLE.items()
        )
    )


def _certified(summary: dict[str, Any]) -> str:
    systems = summary.get("by_credit_system") or {}
    if not systems:
        return '<p class="muted" id="totals">No certified credits from valid credentials.</p>'
    parts = [
        '<table class="totals" id="totals"><caption>certified credits (as the catalog in force '
        "gives them)</caption>"
        "<thead><tr><th>by</th><th>group</th><th>credits</th></tr></thead><tbody>"
    ]
    for system, total in systems.items():
        parts.append(f"<tr><th>credit system</th><td>{_e(system)}</td><td>{_e(total)}</td></tr>")
    for label, key in (("field", "by_field"), ("level", "by_level"), ("type", "by_outcome_type")):
        for group, per_system in (summary.get(key) or {}).items():
            amounts = ", ".join(f"{v} {s}" for s, v in per_system.items())
            parts.append(f"<tr><th>{label}</th><td>{_e(group)}</td><td>{_e(amounts)}</td></tr>")
    parts.append("</tbody></table>")
    excluded = summary.get("credentials_excluded") or 0
    if excluded:
        parts.append(
            f'<p class="muted">{_e(excluded)} credential(s) not in these totals: see below.</p>'
        )
    return "".join(parts)


def _converted(summary: dict[str, Any]) -> str:
    conversions = summary.get("conversions") or []
    if not conversions:
        return ""
    rows = []
    for c in conversions:
        sources = ", ".join(
            s.get("name") or s.get("credential_id") or f"{str(s.get('credential_hash'))[:12]}…"
            for s in c.get("sources") or []
        )
        counted = "counted" if c.get("counted") else "not counted"
        rows.append(
            f"<tr><td>{_e(c.get('programme'))}</td>"
            f"<td>{_e(c.get('credits'))} {_e(c.get('credit_system') or '')}</td>"
            f"<td>{_e(sources)}</td><td>{_e(counted)}: {_e(c.get('note'))}</td></tr>"
        )
    return (
        '<table class="totals" id="conversions"><caption>converted credits, per programme '
        "(never added to the certified credits: they come from them)</caption>"
        "<thead><tr><th>programme</th><th>credits</th><th>from</th><th>note</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _flagged(lines: list[dict[str, Any]]) -> str:
    if not lines:
        return ""
    items = "".join(
        f"<li>{_e(line.get('name') or line.get('credential_id'))}: {_e(line.get('note'))}</li>"
        for line in lines
    )
    return (
        '<section id="flagged"><h4>Flagged, not counted: the catalog in force does not confirm them'
        f"</h4><ul>{items}</ul></section>"
    )


def _listed(cls: str, title: str, lines: list[dict[str, Any]]) -> str:
    chosen = [line for line in lines if line.get("class") == cls]
    if not chosen:
        return ""
    items = "".join(
        f"<li>{_e(line.get('name') or line.get('credential_id'))}: {_e(line.get('note'))}</li>"
        for line in chosen
    )
    return f'<section id="{_e(cls)}"><h4>{_e(title)}</h4><ul>{items}</ul></section>'


def _line(report: dict[str, Any], index: int) -> dict[str, Any]:
    """The credit rule's line for the credential at ``index`` (the same order as the report)."""
    lines = (report.get("credit_summary") or {}).get("credentials") or []
    line = lines[index] if index < len(lines) else {}
    return line if isinstance(line, dict) else {}


def _report(report: dict[str, Any]) -> str:
    verdict = report.get("verdict", "invalid")
    credentials = report.get("credentials") or []
    headline = (
        "Every check passed."
        if verdict == "valid"
        else "At least one check failed or could not be made: do not rely on this presentation."
    )
    holder = report.get("holder")
    return (
        '<section id="report" aria-live="polite">'
        f'<h2>Report</h2><p id="verdict" class="verdict {_e(verdict)}">'
        f"<strong>{_e(verdict.upper())}</strong> {_e(headline)}</p>"
        + (f"<p>Candidate: <code>{_e(holder)}</code></p>" if holder else "")
        + f"<h3>Credit summary</h3>{_totals(report.get('credit_summary') or {})}"
        + _checks(report.get("checks", []), "checks of the presentation")
        + f"<h3>{len(credentials)} credential(s)</h3>"
        + "".join(_credential(i, r, _line(report, i)) for i, r in enumerate(credentials))
        + "</section>"
    )


def _openid4vp(requests_url: str) -> str:
    """The form that asks a standard wallet (OpenID4VP): a QR code, a link, then the report."""
    levels = "".join(
        f'<label><input type="checkbox" name="levels" value="{n}"> {n}</label> '
        for n in range(1, 9)
    )
    return f"""<section id="openid4vp">
<h2>Ask a wallet (OpenID4VP)</h2>
<p>Say what the candidate should show; any OpenID4VP 1.0 wallet can answer by QR code or link.</p>
<form id="oid4vp-form" data-url="{_e(requests_url)}">
<p><label for="oid4vp-type">Credential type</label>
<select id="oid4vp-type" name="type">
<option value="OpenBadgeCredential">Open Badges 3.0 credential</option>
<option value="AchievementCredential">Achievement credential</option>
</select></p>
<p><label for="oid4vp-outcome">Outcome (standard code or achievement id)</label>
<input id="oid4vp-outcome" name="outcome" maxlength="200"></p>
<p><label for="oid4vp-field">Field (field-of-study code)</label>
<input id="oid4vp-field" name="field" maxlength="64"></p>
<fieldset id="oid4vp-levels"><legend>Acceptable levels</legend>{levels}</fieldset>
<p><label><input type="checkbox" id="oid4vp-same-device" name="same_device">
The candidate answers on this device</label></p>
<p><button type="submit" id="oid4vp-create">Create the request</button></p>
</form>
<div id="oid4vp-out" hidden>
<p><img id="oid4vp-qr" alt="QR code of the request" width="320" height="320"></p>
<p><a id="oid4vp-link" href="#">Open in a wallet on this device</a></p>
<p>Status: <span id="oid4vp-status">waiting for the candidate's wallet</span></p>
</div>
</section>
"""


def render_page(
    *,
    css_url: str,
    js_url: str,
    form_url: str,
    challenges_url: str,
    oid4vp_js_url: str = "",
    oid4vp_url: str = "",
    package_text: str = "",
    report: dict[str, Any] | None = None,
    reports: list[dict[str, Any]] | None = None,
    error: str | None = None,
) -> str:
    """The whole page: request a presentation, submit one, read the report(s)."""
    problem = f'<p id="error" class="error" role="alert">{_e(error)}</p>' if error else ""
    shown = reports if reports is not None else [report] if report is not None else []
    body = "".join(_report(r) for r in shown)
    wallet = _openid4vp(oid4vp_url) if oid4vp_url else ""
    oid4vp_script = f'<script src="{_e(oid4vp_js_url)}" defer></script>' if oid4vp_js_url else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Credit Bank — verify a candidate's credentials</title>
<link rel="stylesheet" href="{_e(css_url)}">
<script src="{_e(js_url)}" defer></script>
{oid4vp_script}
</head>
<body>
<header>
<h1>Verify a candidate's credentials</h1>
<p>Checks signatures, the credit bank's ledger, accreditation and revocation directly:
no account, no call to the college.</p>
</header>
<main>
{wallet}
<section id="ask">
<h2>1. Ask the candidate</h2>
<p>Create a challenge and give it to the candidate; their wallet binds the presentation to it.
It can be used once.</p>
<button type="button" id="new-challenge" data-url="{_e(challenges_url)}">Create a challenge</button>
<div id="challenge-out" hidden>
<p>Challenge: <code id="challenge-value"></code></p>
<p>Domain: <code id="challenge-domain"></code></p>
<p>Expires: <span id="challenge-expires"></span></p>
</div>
</section>
<section id="check">
<h2>2. Check what they shared</h2>
<form method="post" action="{_e(form_url)}" id="package-form">
<p><label for="package-file">Upload the package file</label>
<input type="file" id="package-file" accept=".json,application/json"></p>
<p><label for="package">or paste it here</label></p>
<textarea id="package" name="package" rows="8" spellcheck="false">{_e(package_text)}</textarea>
<p><button type="submit" id="verify">Verify</button></p>
</form>
{problem}
</section>
{body}
</main>
</body>
</html>
"""
