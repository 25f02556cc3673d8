"""The console's HTML: one page shell, form helpers, and problems shown as readable messages.

Pages are rendered on the server with escaped text; the only script and style are the
console's own static files, under a CSP that allows nothing else. Every console route uses
``ConsoleRoute``, so a problem raised anywhere in it (a service error, a refused sign-in, a
malformed query) reaches the operator as a message on a page, never as raw JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterable, Mapping
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute

from issuer.auth import Role
from issuer.console.sessions import ConsoleSession, check_form, check_origin, current_session
from issuer.context import IssuerContext
from node.errors import AuthError, CreditBankError, ForbiddenError, InputError

__all__ = [
    "HEADERS",
    "ConsoleRoute",
    "cell",
    "check_posted",
    "e",
    "field",
    "hidden_csrf",
    "link",
    "message",
    "notice",
    "page",
    "posted",
    "problem_of",
    "queue_page",
    "read_form",
    "sign_in_page",
    "signed_form",
    "table",
]

logger = logging.getLogger(__name__)

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

#: (path, label, roles that see it)
_NAV: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("/console/applications", "Review queue", frozenset({Role.ADMIN, Role.REVIEWER})),
    ("/console/applications/new", "New application", frozenset(Role)),
    ("/console/import", "Import CSV", frozenset({Role.ADMIN, Role.OPERATOR})),
    ("/console/credentials", "Credentials", frozenset(Role)),
    ("/console/programmes", "Programmes", frozenset({Role.ADMIN})),
    ("/console/conversions", "Conversions", frozenset({Role.ADMIN, Role.REVIEWER})),
    ("/console/conversions/report", "Conversion report", frozenset({Role.ADMIN, Role.REVIEWER})),
    ("/console/audit", "Audit log", frozenset({Role.ADMIN})),
    ("/console/operators", "Operators", frozenset({Role.ADMIN})),
)


def e(value: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def problem_of(exc: CreditBankError, request: Request) -> dict[str, Any]:
    """The problem document the API would have answered with."""
    return exc.to_problem(instance=request.url.path)


def message(problem: dict[str, Any], *, element_id: str = "problem") -> str:
    """A problem document as a readable alert: title, detail and any listed problems."""
    items: list[str] = []
    for extra in ("problems", "errors"):
        for item in problem.get(extra) or []:
            if isinstance(item, dict):
                where = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                text = f"{where}: {item.get('msg')}" if where else str(item.get("msg", item))
            else:
                text = str(item)
            items.append(f"<li>{e(text)}</li>")
    listed = f"<ul>{''.join(items)}</ul>" if items else ""
    detail = problem.get("detail") or ""
    shown_detail = "" if detail == problem.get("title") else f" {e(detail)}"
    retry = (
        f" <span>Try again in {e(problem['retry_after'])} s.</span>"
        if "retry_after" in problem
        else ""
    )
    return (
        f'<div class="problem" role="alert" id="{e(element_id)}" '
        f'data-code="{e(problem.get("code"))}">'
        f"<strong>{e(problem.get('title'))}.</strong>{shown_detail}{retry}{listed}</div>"
    )


def notice(text: str) -> str:
    """A success message, announced to screen readers."""
    return f'<div class="notice" role="status" id="notice">{e(text)}</div>'


def hidden_csrf(session: ConsoleSession) -> str:
    """The session's CSRF token, for every form that posts."""
    return f'<input type="hidden" name="csrf" value="{e(session.csrf)}">'


def field(
    name: str,
    label: str,
    value: object = "",
    *,
    kind: str = "text",
    element_id: str | None = None,
    extra: str = "",
) -> str:
    """A labelled input keeping ``value``; ``kind="textarea"`` for long text."""
    ident = element_id or name
    if kind == "textarea":
        control = f'<textarea id="{e(ident)}" name="{e(name)}" {extra}>{e(value)}</textarea>'
    else:
        control = (
            f'<input id="{e(ident)}" name="{e(name)}" type="{e(kind)}" value="{e(value)}" {extra}>'
        )
    return f'<div class="field"><label for="{e(ident)}">{e(label)}</label>{control}</div>'


def page(
    title: str,
    body: str,
    *,
    session: ConsoleSession | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A whole console page: skip link, navigation for the operator's role, the content."""
    nav = ""
    if session is not None:
        role = Role(session.operator.role)
        links = "".join(
            f'<li><a href="{path}">{e(label)}</a></li>'
            for path, label, roles in _NAV
            if role in roles
        )
        nav = (
            f'<nav aria-label="Console"><ul>{links}</ul>'
            f'<form method="post" action="/console/sign-out" class="inline">{hidden_csrf(session)}'
            f'<span class="who">{e(session.operator.name)} ({e(role.value)})</span> '
            '<button type="submit" id="sign-out">Sign out</button></form></nav>'
        )
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · Credit Bank console</title>"
        '<link rel="stylesheet" href="/console/static/console.css">'
        '<script src="/console/static/console.js" defer></script></head><body>'
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header><p class="brand">Credit Bank console</p>{nav}</header>'
        f'<main id="main" tabindex="-1"><h1>{e(title)}</h1>{body}</main></body></html>'
    )
    return HTMLResponse(html, status_code=status, headers={**HEADERS, **(headers or {})})


def sign_in_page(
    problem: dict[str, Any] | None = None, *, name: str = "", next_path: str = "", status: int = 200
) -> HTMLResponse:
    """The sign-in form, keeping the name typed and where to go after."""
    shown = message(problem) if problem else ""
    body = (
        f'{shown}<form method="post" action="/console/sign-in" class="card">'
        f'<input type="hidden" name="next" value="{e(next_path)}">'
        + field("name", "Operator name", name, extra='autocomplete="username" required')
        + field(
            "password",
            "Password",
            kind="password",
            extra='autocomplete="current-password" required',
        )
        + '<button type="submit" id="sign-in">Sign in</button></form>'
    )
    return page("Sign in", body, status=status)


async def read_form(request: Request) -> dict[str, str]:
    """A URL-encoded form body as name → last value (the console posts no files)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise InputError("the console accepts URL-encoded forms only")
    text = (await request.body()).decode("utf-8", "replace")
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}


async def signed_form(
    request: Request, ctx: IssuerContext
) -> tuple[ConsoleSession, dict[str, str]]:
    """The session and form of a POST, not yet checked: see ``check_posted``.

    A handler checks inside its own error handling, so that a stale form is refused with
    the form shown again as it was typed.
    """
    session = await current_session(ctx, request)
    return session, await read_form(request)


async def check_posted(
    ctx: IssuerContext, request: Request, session: ConsoleSession, form: dict[str, str]
) -> None:
    """The origin and CSRF checks every posted form passes."""
    check_origin(ctx, request)
    await check_form(ctx, session, form.get("csrf", ""))


async def posted(request: Request, ctx: IssuerContext) -> tuple[ConsoleSession, dict[str, str]]:
    """The session and form of a POST, after the origin and CSRF checks every form passes."""
    check_origin(ctx, request)
    session, form = await signed_form(request, ctx)
    await check_form(ctx, session, form.get("csrf", ""))
    return session, form


def _validation_problem(exc: RequestValidationError, request: Request) -> dict[str, Any]:
    errors = [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", ""))} for err in exc.errors()
    ]
    return InputError("the request does not match the expected shape", errors=errors).to_problem(
        instance=request.url.path
    )


async def _failure_page(request: Request, exc: CreditBankError) -> HTMLResponse:
    problem = problem_of(exc, request)
    if isinstance(exc, AuthError) and not isinstance(exc, ForbiddenError):
        path = request.url.path if request.method == "GET" else "/console/"
        return sign_in_page(problem, next_path=path, status=exc.http_status)
    session: ConsoleSession | None = None
    try:  # the navigation of the signed-in operator, when there is one
        session = await current_session(request.app.state.ctx, request)
    except CreditBankError:
        session = None
    back = '<p><a href="/console/">Back to the console</a></p>'
    return page(exc.title, message(problem) + back, session=session, status=exc.http_status)


class ConsoleRoute(APIRoute):
    """A route whose problems, raised anywhere in it, become readable HTML pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler (dependencies included) with the HTML rendering of problems."""
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except CreditBankError as exc:
                return await _failure_page(request, exc)
            except RequestValidationError as exc:
                problem = _validation_problem(exc, request)
                return page("Invalid input", message(problem), status=422)
            except Exception:  # still a readable page; the cause goes to the log only
                logger.exception("unexpected error on %s", request.url.path)
                return await _failure_page(request, CreditBankError())

        return route


def queue_page(
    title: str,
    session: ConsoleSession,
    *,
    action: str,
    statuses: Iterable[str],
    status: str,
    cards: Mapping[int, str],
    empty: str,
    problems: Mapping[int, str] | None = None,
    top: str = "",
    intro: str = "",
    code: int = 200,
) -> Response:
    """A review queue: its status filter and one card per row, keyed by the row's id.

    A problem about a row that is not listed (decided meanwhile, or outside the reviewer's
    fields) would have no card to stand in, so it goes on top of the page.
    """
    stray = "".join(p for i, p in (problems or {}).items() if i not in cards)
    choices = "".join(
        f'<option value="{e(s)}"{" selected" if s == status else ""}>{e(s)}</option>'
        for s in statuses
    )
    body = (
        f'{stray}{top}{intro}<form method="get" action="{e(action)}" class="inline">'
        f'<label for="status">Show</label><select id="status" name="status">{choices}</select>'
        '<button type="submit">Show</button></form>'
    )
    body += "".join(cards.values()) or f'<p id="empty">{e(empty)}</p>'
    return page(title, body, session=session, status=code)


def table(head: Iterable[str], rows: Iterable[str], *, caption: str, element_id: str) -> str:
    """A table that stacks into cards on a narrow screen (see console.css)."""
    cells = "".join(f'<th scope="col">{e(h)}</th>' for h in head)
    return (
        f'<table id="{e(element_id)}" class="stack"><caption>{e(caption)}</caption>'
        f"<thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def cell(label: str, content: str) -> str:
    """One table cell, labelled for the stacked (phone) layout; ``content`` is HTML."""
    return f'<td data-label="{e(label)}">{content}</td>'


def link(path: str, text: str, **query: str) -> str:
    """A link inside the console, with query values escaped."""
    if query:
        path += "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items())
    return f'<a href="{e(path)}">{e(text)}</a>'
