"""Per operation: metrics (name, latency, error codes) and one log line with its fields."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from infra.logs import log_context
from infra.metrics import observe_operation
from schema.errors import MASKED_MESSAGE

log = logging.getLogger("kabinet.api")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_NAMES = 200  # operation names are chosen by callers: bound the metric's label set
_seen: set[str] = set()
_known: set[str] = set()  # the trusted documents' names: always labelled as themselves


def reserve_operation_names(names: Iterable[str]) -> None:
    """The operations of the trusted-documents manifests keep their own label, whatever
    names callers sent before."""
    _known.update(name for name in names if NAME.match(name))


def operation_label(name: str | None, may_add: bool = True) -> str:
    """The metric label of an operation name. A name not seen before takes one of the
    MAX_NAMES places only when `may_add` (a signed-in caller), so that anonymous junk
    names cannot fill them and push the front end's own names into "other"."""
    if not name:
        return "anonymous"
    if not NAME.match(name):
        return "other"
    if name in _known or name in _seen:
        return name
    if not may_add or len(_seen) >= MAX_NAMES:
        return "other"
    _seen.add(name)
    return name


def error_code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    if code:
        return str(code)
    if error.message == MASKED_MESSAGE:
        return "INTERNAL_SERVER_ERROR"
    return "GRAPHQL_VALIDATION_FAILED"


class Observe(SchemaExtension):
    """Counts and times each operation and logs it (never its variables: passwords)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        context: Any = self.execution_context.context
        actor = getattr(context, "actor", None)
        fields: dict[str, Any] = dict(log_context.get() or {})
        fields["client_id"] = actor.client_id if actor is not None else None
        token = log_context.set(fields)
        try:
            yield
        finally:
            ec = self.execution_context
            name = _safe(lambda: ec.operation_name)
            kind = _safe(lambda: ec.operation_type.value) or "unknown"
            # The result repeats pre-execution (validation) errors when there is one.
            found = ec.result.errors if ec.result is not None else ec.pre_execution_errors
            errors = list(found or [])
            codes = [error_code(error) for error in errors]
            seconds = time.perf_counter() - started
            label = operation_label(name, may_add=actor is not None)
            observe_operation(label, kind, seconds, codes)
            # After login the context has no actor yet; the answer's client is not logged.
            log.info(
                "graphql %s %s%s",
                kind,
                label,
                f" errors={','.join(codes)}" if codes else "",
                extra={"operation": label, "duration_ms": round(seconds * 1000, 1)},
            )
            log_context.reset(token)


def _safe(read: Any) -> Any:
    try:
        return read()
    except Exception:
        return None
