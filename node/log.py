"""Logging set up once per entry point; modules use ``logging.getLogger(__name__)``.

``CREDITBANK_LOG_FORMAT`` chooses the shape of every line: ``text`` (the default, for a
person at a terminal) or ``json`` (one object per line, for a log collector). Either way a
line written while a request is served carries that request's id (``node.web.requestid``).
Served processes get the same setup through uvicorn's ``log_config`` (``logging_config``), so
uvicorn's own lines, the access log among them, are shaped and tagged like ours.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

__all__ = [
    "JsonFormatter",
    "RequestIdFilter",
    "TextFormatter",
    "configure_logging",
    "current_request_id",
    "log_format",
    "logging_config",
    "set_request_id",
]

LogFormat = Literal["text", "json"]

#: The project's own loggers, and uvicorn's.
PROJECT_LOGGERS = ("node", "issuer", "verifier", "wallet", "governance", "creditbank", "scripts")
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

_TEXT = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return _request_id.get()


def set_request_id(request_id: str) -> None:
    """Tag this context's log lines (and problem documents) with ``request_id``."""
    _request_id.set(request_id)


def log_format() -> LogFormat:
    """``CREDITBANK_LOG_FORMAT`` (``text`` or ``json``); anything else is refused."""
    value = os.environ.get("CREDITBANK_LOG_FORMAT", "text").strip().lower()
    if value not in ("text", "json"):
        raise ValueError(f"CREDITBANK_LOG_FORMAT must be text or json, not {value!r}")
    return "json" if value == "json" else "text"


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or ``None``) on every record passing the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Tag the record; never drops one."""
        request_id = current_request_id()
        record.request_id = request_id
        record.request_tag = f" [{request_id}]" if request_id else ""
        return True


class TextFormatter(logging.Formatter):
    """One readable line: time, level, logger, the request id in brackets, the message."""

    def __init__(self) -> None:
        super().__init__(_TEXT)

    def format(self, record: logging.LogRecord) -> str:
        """The line, with an empty tag for records that came around the filter."""
        if not hasattr(record, "request_tag"):
            record.request_tag = ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "pid": record.process,
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(level: str | int = "INFO", fmt: LogFormat | None = None) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for our loggers and uvicorn's, to stderr.

    uvicorn's loggers keep the level uvicorn's ``--log-level`` gives them; ours get ``level``.
    """
    formatter = JsonFormatter if (fmt or log_format()) == "json" else TextFormatter
    level_name = logging.getLevelName(level) if isinstance(level, int) else level.upper()
    ours = {"handlers": ["stderr"], "level": level_name, "propagate": False}
    theirs = {"handlers": ["stderr"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"line": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            **{name: dict(ours) for name in PROJECT_LOGGERS},
            **{name: dict(theirs) for name in UVICORN_LOGGERS},
        },
    }


def configure_logging(level: str | int = "INFO", fmt: LogFormat | None = None) -> None:
    """Send the project's log records to stderr in the configured format, once per process."""
    config = logging_config(level, fmt)
    for name in UVICORN_LOGGERS:  # a CLI leaves uvicorn's loggers as uvicorn sets them
        del config["loggers"][name]
    logging.config.dictConfig(config)
