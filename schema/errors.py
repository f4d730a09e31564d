"""DomainError → UserError: the only mapping point; masking of unexpected errors."""

from __future__ import annotations

import logging
import time

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from domain.errors import DomainError, ErrorCode
from infra.bootstrap import is_database_outage
from infra.metrics import count_error
from schema.bad_input import BadUserInput

log = logging.getLogger("kabinet.api")

strawberry.enum(ErrorCode, name="ErrorCode")  # registers the domain enum as is


@strawberry.type
class UserError:
    code: ErrorCode
    field: str | None
    message: str


def user_error(error: DomainError) -> UserError:
    count_error(error.code.value)
    return UserError(code=error.code, field=error.field, message=error.message)


class Unauthenticated(GraphQLError):
    """No token, an unknown, expired or revoked one."""

    def __init__(self) -> None:
        super().__init__(
            "Требуется вход в Личный кабинет.",
            extensions={"code": "UNAUTHENTICATED"},
        )


class RefusedInput(GraphQLError):
    """A refused argument of a query (queries have no payload to carry errors)."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(
            error.message,
            extensions={"code": error.code.value, "field": error.field},
        )


SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = (
    "Личный кабинет временно недоступен: нет связи с базой данных. "
    "Повторите попытку через несколько секунд."
)
RETRY_AFTER_SECONDS = 5


class ServiceUnavailable(GraphQLError):
    """The database (or another dependency) cannot be reached now: HTTP 503, Retry-After."""

    def __init__(self, error: GraphQLError | None = None) -> None:
        super().__init__(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes if error else None,
            source=error.source if error else None,
            positions=error.positions if error else None,
            path=error.path if error else None,
            extensions={"code": SERVICE_UNAVAILABLE, "retryAfter": RETRY_AFTER_SECONDS},
        )


def is_unavailable(error: GraphQLError) -> bool:
    return is_database_outage(error.original_error)


class OutageLog:
    """One warning per `every` seconds while requests meet an outage, not one per request."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self._last: float | None = None
        self._quiet = 0

    def note(self, where: object, error: object) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.every:
            self._quiet += 1
            log.debug("database unavailable in %s: %s", where, error)
            return
        more = f" ({self._quiet} more answered 503 since the last line)" if self._quiet else ""
        log.warning("database unavailable in %s: %s; answered 503%s", where, error, more)
        self._last, self._quiet = now, 0


OUTAGE_LOG = OutageLog()


_DELIBERATE = (Unauthenticated, RefusedInput, BadUserInput, ServiceUnavailable)
MASKED_MESSAGE = "Внутренняя ошибка сервера. Повторите попытку позже."


def is_expected(error: GraphQLError) -> bool:
    """Our deliberate errors and GraphQL validation errors: no stack trace in the logs."""
    original = error.original_error
    return original is None or isinstance(original, _DELIBERATE)


def should_mask(error: GraphQLError) -> bool:
    """Mask everything but our own deliberate errors and GraphQL validation errors."""
    original = error.original_error
    if original is None:
        return False  # syntax/validation errors: they echo only the query itself
    if isinstance(original, _DELIBERATE):
        return False
    if is_database_outage(original):
        return True  # answered as ServiceUnavailable (KabinetMaskErrors), logged in one line
    log.error("unexpected error in %s", error.path, exc_info=original)
    return True


class KabinetMaskErrors(MaskErrors):
    """Masks unexpected errors; an outage becomes SERVICE_UNAVAILABLE, not an internal error."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_unavailable(error):
            return ServiceUnavailable(error)
        return super().anonymise_error(error)
