"""CSV import of certificate lists, with a progress bar and the bad lines listed by number.

The import is the API's own ``Imports.certificates``. With the console's script the form is
sent with ``Accept: application/x-ndjson`` and the answer streams one line per chunk issued
(``{"done": n, "total": m}``), then the rendered report; without a script the same form
answers with the report page. The import runs to its end even if the page goes away, so a
list is never half-imported because a tab was closed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from issuer.auth import Role
from issuer.console.sessions import ConsoleSession, current_session
from issuer.console.web import (
    HEADERS,
    ConsoleRoute,
    cell,
    e,
    field,
    hidden_csrf,
    message,
    notice,
    page,
    posted,
    table,
)
from issuer.context import IssuerContext
from issuer.deps import Ctx
from issuer.imports import Imports
from issuer.schemas import ImportReport
from node.errors import CreditBankError, InputError

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

#: Lines signed between two progress updates.
CONSOLE_CHUNK = 25
_COLUMNS = "student_id|learner_did,standard_code,grade,result,credits_earned,evidence,issued_on"
_HEAD = ("Line", "Code", "Reason")
#: imports whose page went away, kept until they finish
_running: set[asyncio.Task[Any]] = set()


def report_html(report: ImportReport) -> str:
    """What the import did: counts, then every bad line by number with its reason."""
    summary = notice(
        f"{report.accepted} of {report.rows} lines issued; "
        f"{report.skipped_duplicates} already imported; {len(report.problems)} refused."
    )
    if not report.problems:
        return f'<section id="report">{summary}</section>'
    rows = [
        f'<tr data-line="{p.line}">'
        + cell("Line", e(p.line))
        + cell("Code", e(p.code))
        + cell("Reason", e(p.reason))
        + "</tr>"
        for p in report.problems
    ]
    return (
        f'<section id="report">{summary}<div class="problem" role="alert">'
        f"<strong>{len(report.problems)} bad lines were not imported.</strong> "
        "Correct them and import the file again; lines already issued are not issued twice."
        f"</div>{table(_HEAD, rows, caption='Bad lines', element_id='bad-lines')}"
        "</section>"
    )


def _form(session: ConsoleSession, csv_text: str = "", result: str = "") -> str:
    return (
        '<form method="post" action="/console/import" class="card" id="import-form">'
        f"{hidden_csrf(session)}"
        f"<p>A certificate list: one line per outcome, columns <code>{e(_COLUMNS)}</code>.</p>"
        '<div class="field"><label for="csv-file">CSV file</label>'
        '<input type="file" id="csv-file" accept=".csv,text/csv"></div>'
        + field(
            "csv",
            "…or the lines themselves",
            csv_text,
            kind="textarea",
            element_id="csv",
            extra='rows="8" spellcheck="false"',
        )
        + '<button type="submit" id="import-start">Import</button>'
        '<div class="progress" id="import-progress" hidden>'
        '<label for="progress-bar">Issuing</label>'
        '<progress id="progress-bar" max="1" value="0"></progress>'
        '<span id="progress-text" aria-live="polite"></span></div>'
        f'</form><div id="import-result">{result}</div>'
    )


def _session_may_import(session: ConsoleSession) -> None:
    session.require(Role.ADMIN, Role.OPERATOR)


@router.get("/console/import")
async def import_page(request: Request, ctx: Ctx) -> Response:
    """The import form."""
    session = await current_session(ctx, request)
    _session_may_import(session)
    return page("Import a certificate list", _form(session), session=session)


async def _stream(ctx: IssuerContext, data: bytes, actor: str) -> AsyncIterator[bytes]:
    """Progress lines while the import runs, then the report (or the problem) as HTML."""
    updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def progress(done: int, total: int) -> None:
        await updates.put({"done": done, "total": total})

    async def run() -> None:
        try:
            report = await Imports(ctx).certificates(
                data, actor, chunk=CONSOLE_CHUNK, progress=progress
            )
            await updates.put({"html": report_html(report), "ok": True})
        except CreditBankError as exc:
            await updates.put({"html": message(exc.to_problem(instance="/console/import"))})
        except Exception:
            await updates.put({"html": message(CreditBankError().to_problem())})
            raise

    task = asyncio.create_task(run())
    _running.add(task)
    task.add_done_callback(_running.discard)
    while True:
        update = await updates.get()
        yield (json.dumps(update) + "\n").encode()
        if "html" in update:
            return


@router.post("/console/import")
async def import_post(request: Request, ctx: Ctx) -> Response:
    """Import the posted lines: a progress stream for the script, else the report page."""
    session, form = await posted(request, ctx)
    _session_may_import(session)
    text = form.get("csv", "")
    if not text.strip():
        problem = InputError("choose a CSV file or paste its lines").to_problem()
        if "application/x-ndjson" in request.headers.get("accept", ""):
            line = json.dumps({"html": message(problem)}) + "\n"
            return Response(line, media_type="application/x-ndjson", headers=HEADERS)
        return page(
            "Import a certificate list", _form(session, text, message(problem)), session=session,
            status=422,
        )  # fmt: skip
    data = text.encode()
    if "application/x-ndjson" in request.headers.get("accept", ""):
        return StreamingResponse(
            _stream(ctx, data, session.operator.name),
            media_type="application/x-ndjson",
            headers=HEADERS,
        )
    try:
        report = await Imports(ctx).certificates(data, session.operator.name)
    except CreditBankError as exc:
        shown = message(exc.to_problem(instance=request.url.path))
        return page(
            "Import a certificate list", _form(session, text, shown), session=session,
            status=exc.http_status,
        )  # fmt: skip
    return page(
        "Import a certificate list", _form(session, "", report_html(report)), session=session
    )
