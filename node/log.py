"""Logging set up once per entry point; modules use ``logging.getLogger(__name__)``."""

from __future__ import annotations

import logging

__all__ = ["configure_logging"]


def configure_logging(level: str | int = "INFO") -> None:
    """Send the project's log records to stderr with one format, once per process."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("node", "issuer", "verifier", "wallet", "scripts"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(level)
        log.propagate = False
