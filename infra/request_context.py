"""The id of the request being served, in a context variable and in every log record."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

NO_REQUEST = "-"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

request_id: ContextVar[str] = ContextVar("kabinet_request_id", default=NO_REQUEST)


def accepted_request_id(incoming: str | None) -> str:
    """The caller's X-Request-Id if it is safe to log (short, no spaces or control
    characters), else a new one."""
    if incoming and _SANE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


_installed = False


def install_request_id_in_log_records() -> None:
    """Give every log record (ours, the libraries', in any handler) a `request_id`
    attribute: the current request's id, or "-" outside a request. Idempotent."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
