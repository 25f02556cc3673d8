"""How every listing command prints: a table that never cuts an id, or JSON, or CSV.

People copy ids out of listings into other commands (``issuer revoke ID``), so no value is ever
cut: a table when every value fits the terminal, else one block per row with one whole value
per line. ``--json`` and ``--csv`` are for programs and spreadsheets and carry every field.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from typer._click.core import Context
from typer._click.exceptions import NoSuchOption, UsageError  # typer 0.29 vendors click
from typer.core import TyperCommand

from creditbank.cli.common import console, err_console

__all__ = [
    "CSV_OPTION",
    "JSON_OPTION",
    "Column",
    "ListingCommand",
    "choose_filter",
    "print_rows",
]

JSON_OPTION = typer.Option(False, "--json", help="print JSON (every field)")
CSV_OPTION = typer.Option(False, "--csv", help="print CSV with a header row (every field)")


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: the row key, its heading, and whether it holds ids to copy whole."""

    key: str
    title: str
    whole: bool = False


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _text(row.get(key)) for key in fields})
    return out.getvalue()


def _fields(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> list[str]:
    """Every key of the rows, the shown columns first, in first-seen order."""
    fields = [c.key for c in columns]
    for row in rows:
        fields.extend(key for key in row if key not in fields)
    return fields


def print_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    as_json: bool,
    as_csv: bool,
    title: str | None = None,
) -> None:
    """Print rows as a table (ids whole), JSON or CSV; asking for both is an error."""
    if as_json and as_csv:
        err_console.print(
            "[bold red]INPUT_INVALID[/] choose one of --json and --csv", soft_wrap=True
        )
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(list(rows), indent=1, ensure_ascii=False) + "\n")
        return
    if as_csv:
        sys.stdout.write(_csv(rows, _fields(rows, columns)))
        return
    widths = [
        max([len(column.title), *(len(_text(row.get(column.key))) for row in rows)])
        for column in columns
    ]
    if sum(widths) + 3 * len(columns) + 1 > console.width:
        _print_records(rows, columns, title)
        return
    table = Table(title=title)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.title, no_wrap=column.whole, min_width=width)
    for row in rows:
        table.add_row(*(_text(row.get(column.key)) for column in columns))
    console.print(table, crop=False, soft_wrap=False)


def _print_records(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], title: str | None
) -> None:
    """Too wide for a table: one block per row, one whole value per line."""
    if title:
        console.print(f"{title} ({len(rows)})", markup=False)
    label = max(len(column.title) for column in columns)
    for row in rows:
        console.print()
        for column in columns:
            value = _text(row.get(column.key))
            console.print(f"  {column.title:<{label}}  {value}", markup=False, soft_wrap=True)


def choose_filter(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
    """The value of a filter with a fixed set of values, or an error naming the ones that exist."""
    if value is None or value in allowed:
        return value
    err_console.print(
        f"[bold red]INPUT_INVALID[/] unknown {escape(name)} {escape(repr(value))}; "
        f"the {escape(name)} filter takes one of: " + escape(", ".join(allowed)),
        soft_wrap=True,
    )
    raise typer.Exit(2)


class ListingCommand(TyperCommand):
    """A listing command whose unknown option error names every filter and option it has."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Parse as usual; an unknown option's message lists the ones that exist."""
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            known = sorted(
                name
                for param in self.params
                for name in param.opts
                if name.startswith("--") and name != "--help"
            )
            message = f"No such option: {exc.option_name}. Filters and options: {', '.join(known)}"
            raise UsageError(message, ctx=ctx) from exc
