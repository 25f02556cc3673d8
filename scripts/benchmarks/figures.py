"""Figures a suite measures, each beside its same-run baseline, printed and written as JSON."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

__all__ = ["Figure", "markdown_table", "percentile", "print_table", "read_json", "write_json"]


@dataclass(frozen=True)
class Figure:
    """One measured value; ``ratio`` is value / baseline when a baseline was measured."""

    suite: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str | None = None
    target: str | None = None
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        """The value over its baseline (machines are noisy; ratios travel better)."""
        if self.baseline in (None, 0):
            return None
        assert self.baseline is not None
        return self.value / self.baseline

    def to_json(self) -> dict[str, object]:
        """The figure and its ratio as JSON."""
        return {**asdict(self), "ratio": self.ratio}


def percentile(samples: list[float], fraction: float) -> float:
    """The sample below which ``fraction`` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(samples: list[float]) -> float:
    """The median sample."""
    return statistics.median(samples)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def print_table(figures: list[Figure], console: Console | None = None) -> None:
    """Every figure with its baseline, ratio and target."""
    table = Table(title="Credit Bank benchmarks")
    for column in ("suite", "figure", "value", "unit", "baseline", "ratio", "target", "met"):
        table.add_column(column, justify="right" if column in {"value", "ratio"} else "left")
    for f in figures:
        table.add_row(
            f.suite,
            f.name,
            _number(f.value),
            f.unit,
            f"{_number(f.baseline)} {f.baseline_name or ''}".strip(),
            "" if f.ratio is None else f"{f.ratio:.2f}",
            f.target or "",
            "" if f.met is None else ("yes" if f.met else "NO"),
        )
    (console or Console(width=180)).print(table)


def write_json(figures: list[Figure], path: Path) -> None:
    """The same figures as JSON, for comparing runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([f.to_json() for f in figures], indent=2) + "\n")


def _with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "1/s":
        return f"{_number(value)}/s"
    return f"{_number(value)} {unit}"


def markdown_table(figures: list[Figure]) -> str:
    """The figures as the Markdown table README keeps."""
    lines = ["| suite | figure | value | baseline | ratio | target |", "|---|---|---|---|---|---|"]
    for f in figures:
        baseline = _with_unit(f.baseline, f.unit)
        if baseline and f.baseline_name:
            baseline += f" ({f.baseline_name})"
        target = f.target or ""
        if f.met is not None:
            target += " met" if f.met else " **not met**"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        value = _with_unit(f.value, f.unit)
        lines.append(f"| {f.suite} | {f.name} | {value} | {baseline} | {ratio} | {target} |")
    return "\n".join(lines) + "\n"


def read_json(path: Path) -> list[Figure]:
    """Figures written by ``write_json``."""
    return [
        Figure(**{k: v for k, v in item.items() if k != "ratio"})
        for item in json.loads(path.read_text())
    ]
