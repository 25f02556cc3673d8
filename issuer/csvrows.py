"""Parse roster and certificate-list CSV files row by row, keeping line numbers.

A bad row becomes a ``RowError`` (line and reason) and never stops the rows after it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from node.errors import InputError

__all__ = ["CertificateRow", "RosterRow", "RowError", "parse_certificates", "parse_roster"]

ROSTER_COLUMNS = {"student_id", "name"}
CERTIFICATE_COLUMNS = {"standard_code"}


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one line was not accepted."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A learner to open an account for."""

    line: int
    student_id: str
    name: str
    did: str | None


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """One outcome to certify for one learner."""

    line: int
    student_id: str | None
    learner_did: str | None
    standard_code: str
    grade: str | None
    result: str | None
    credits_earned: Decimal | None
    evidence: str | None
    issued_on: date | None


def _reader(data: bytes, required: set[str], max_rows: int) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts with their line numbers; a file that is not CSV fails as a whole."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text") from exc
    if "\x00" in text:
        raise InputError("the file is not a CSV text file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = {h.strip() for h in (reader.fieldnames or [])}
    missing = required - header
    if missing:
        raise InputError(f"missing columns: {', '.join(sorted(missing))}")
    for count, row in enumerate(reader, start=1):
        if count > max_rows:
            raise InputError(f"more than {max_rows} rows; split the file")
        if None in row:
            yield reader.line_num, {"__error__": "more values than columns"}
            continue
        yield reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k}


def parse_roster(data: bytes, max_rows: int) -> tuple[list[RosterRow], list[RowError]]:
    """Learners from a roster file, and the lines that could not be read."""
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    for line, row in _reader(data, ROSTER_COLUMNS, max_rows):
        if "__error__" in row:
            errors.append(RowError(line, row["__error__"]))
        elif not row.get("student_id") or not row.get("name"):
            errors.append(RowError(line, "student_id and name are required"))
        else:
            rows.append(RosterRow(line, row["student_id"], row["name"], row.get("did") or None))
    return rows, errors


def parse_certificates(data: bytes, max_rows: int) -> tuple[list[CertificateRow], list[RowError]]:
    """Outcomes from a certificate list, and the lines that could not be read."""
    rows: list[CertificateRow] = []
    errors: list[RowError] = []
    for line, row in _reader(data, CERTIFICATE_COLUMNS, max_rows):
        if "__error__" in row:
            errors.append(RowError(line, row["__error__"]))
            continue
        if not row.get("standard_code"):
            errors.append(RowError(line, "standard_code is required"))
            continue
        if not row.get("student_id") and not row.get("learner_did"):
            errors.append(RowError(line, "student_id or learner_did is required"))
            continue
        try:
            credits = Decimal(row["credits_earned"]) if row.get("credits_earned") else None
            if credits is not None and (
                credits < 0 or credits != credits.quantize(Decimal("0.01"))
            ):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                RowError(
                    line,
                    f"credits_earned {row.get('credits_earned')!r}: not a number with 2 decimals",
                )
            )
            continue
        try:
            issued_on = date.fromisoformat(row["issued_on"]) if row.get("issued_on") else None
        except ValueError:
            errors.append(
                RowError(line, f"issued_on {row['issued_on']!r} is not a YYYY-MM-DD date")
            )
            continue
        rows.append(
            CertificateRow(
                line=line,
                student_id=row.get("student_id") or None,
                learner_did=row.get("learner_did") or None,
                standard_code=row["standard_code"],
                grade=row.get("grade") or None,
                result=row.get("result") or None,
                credits_earned=credits,
                evidence=row.get("evidence") or None,
                issued_on=issued_on,
            )
        )
    return rows, errors
