"""Progress bars for the CLI's long jobs (rich); shown only to a person at a terminal.

When the output is not a TTY (a pipe, a log file, CI) the bar is disabled and nothing of it is
printed, so logs and scripted output stay as they were.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["progress_bar"]


def progress_bar(console: Console) -> Progress:
    """A transient bar (description, bar, done of total, time) on ``console``, if a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
