"""Split a CSV file into parts of whole records, each with the header, for a progress bar.

A certificate list is imported part by part so that the CLI can show how far it has got.
Re-importing is safe (the issuer skips rows it already issued, by their import key), so a
part that fails can be sent again. Problems name the line of the whole file, not the part.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Part", "merge_reports", "split_csv"]


@dataclass(frozen=True)
class Part:
    """The header and some records; ``line_offset`` turns a part's line into the file's."""

    content: bytes
    records: int
    line_offset: int


def split_csv(data: bytes, records_per_part: int) -> list[Part]:
    """The file in parts of at most ``records_per_part`` records (one part if it is not text)."""
    try:
        text = data.decode("utf-8")
        lines = text.splitlines(keepends=True)
        reader = csv.reader(io.StringIO(text))
        next(reader)
        header_end = reader.line_num
        ends = [reader.line_num for _ in reader]
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return [Part(data, 0, 0)]  # the issuer explains what is wrong with it
    if len(ends) <= records_per_part:
        return [Part(data, len(ends), 0)]
    header = "".join(lines[:header_end])
    return list(_parts(lines, header, header_end, ends, records_per_part))


def _parts(
    lines: list[str], header: str, header_end: int, ends: list[int], size: int
) -> Iterator[Part]:
    start = header_end
    for first in range(0, len(ends), size):
        end = ends[min(first + size, len(ends)) - 1]
        body = header + "".join(lines[start:end])
        yield Part(body.encode("utf-8"), min(size, len(ends) - first), start - header_end)
        start = end


def merge_reports(reports: list[tuple[Part, dict[str, Any]]]) -> dict[str, Any]:
    """One import report from the parts' reports: counts added, lists joined, lines mapped."""
    merged: dict[str, Any] = {}
    for part, report in reports:
        for key, value in report.items():
            if key == "problems":
                moved = [{**p, "line": p["line"] + part.line_offset} for p in value]
                merged.setdefault(key, []).extend(moved)
            elif isinstance(value, bool) or not isinstance(value, int | list):
                merged[key] = value
            elif isinstance(value, int):
                merged[key] = merged.get(key, 0) + value
            else:
                merged.setdefault(key, []).extend(value)
    return merged
