"""Logging: JSON lines in production, readable lines in development; quiet libraries.

Each line carries, where known, `request_id`, `operation`, `client_id` and `duration_ms`:
read from the log record (``log.info(..., extra={...})`` or a filter that sets them) or,
failing that, from `log_context` (set per GraphQL operation). Tokens, passwords and signed
links never reach a line: they are scrubbed from the message as a last guard.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, Literal

from infra.request_context import NO_REQUEST  # "-": outside any request, not worth a field

FIELDS = ("request_id", "operation", "client_id", "duration_ms")
# Libraries whose INFO lines are noise: WeasyPrint's "Step 2 - Fetching and parsing CSS",
# fontTools' subsetting chatter.
QUIET = ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset")

log_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "kabinet_log_context", default=None
)

_SECRETS = [
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)(\"?(?:password|token|secret)\"?\s*[:=]\s*\"?)[^\"\s,}]+"), r"\1***"),
    (re.compile(r"(/files/)[^\s\"'?]+"), r"\1***"),
    # An access-log request line: a GET query string may hold a query with a password.
    (re.compile(r"(\b(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH) /[^\s?\"]*)\?[^\s\"]*"), r"\1?***"),
]


def scrub(text: str) -> str:
    """The text without bearer tokens, password/token values or signed file links."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class ContextFilter(logging.Filter):
    """Copy the current operation's fields onto a record that does not carry them."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = log_context.get()
        if context:
            for name in FIELDS:
                if getattr(record, name, None) is None and context.get(name) is not None:
                    setattr(record, name, context[name])
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message and the known fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None and value != NO_REQUEST:
                line[name] = value
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line; the known fields follow the message as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extras = " ".join(
            f"{name}={getattr(record, name)}"
            for name in FIELDS
            if getattr(record, name, None) not in (None, NO_REQUEST)
        )
        return scrub(f"{text} [{extras}]" if extras else text)


# Libraries that bring handlers of their own: their lines go to the root's one instead.
ROUTED = ("uvicorn", "uvicorn.error", "uvicorn.access", "dramatiq")


def handler(log_format: Literal["json", "text"] = "text", stream: Any = None) -> logging.Handler:
    """The one handler of a process: Kabinet's line format, with the operation's fields."""
    out = logging.StreamHandler(stream or sys.stderr)
    out.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    out.addFilter(ContextFilter())
    return out


def configure_logging(
    log_format: Literal["json", "text"] = "text", level: str = "INFO", stream: Any = None
) -> logging.Handler:
    """Route every logger (ours, uvicorn's, Dramatiq's) to one handler on the root."""
    out = handler(log_format, stream)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(out)
    root.setLevel(level.upper())
    for name in ROUTED:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return out


def log_config(log_format: Literal["json", "text"], level: str) -> dict[str, Any]:
    """What configure_logging does, as a dictConfig: uvicorn applies it in each server
    process (`kabinet serve --workers N`)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"kabinet": {"()": "infra.logs.handler", "log_format": log_format}},
        "root": {"level": level.upper(), "handlers": ["kabinet"]},
        "loggers": {
            **{name: {"handlers": [], "propagate": True} for name in ROUTED},
            **{name: {"level": "WARNING"} for name in QUIET},
        },
    }
