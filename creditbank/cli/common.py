"""What every command shares: settings, output, error rendering, one ``asyncio.run``."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console

from node.config import CoreSettings
from node.errors import CreditBankError
from node.log import configure_logging

__all__ = ["console", "run", "settings"]

T = TypeVar("T")

console = Console(emoji=False, highlight=False)
err_console = Console(stderr=True, emoji=False, highlight=False)


def settings() -> CoreSettings:
    """Settings from the environment; logging configured once for the command."""
    try:
        configure_logging("WARNING")
    except ValueError as exc:  # a CREDITBANK_LOG_FORMAT that is neither text nor json
        err_console.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from exc
    return CoreSettings()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one command's coroutine; our errors print code and title and exit non-zero."""
    try:
        return asyncio.run(coro)
    except CreditBankError as exc:
        err_console.print(f"[bold red]{exc.code}[/] {exc.title}: {exc.detail}")
        raise typer.Exit(2) from exc
