"""DomainError → UserError: the only mapping point; masking of unexpected errors."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError

from domain.errors import DomainError, ErrorCode
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


_DELIBERATE = (Unauthenticated, RefusedInput, BadUserInput)
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
    log.error("unexpected error in %s", error.path, exc_info=original)
    return True
