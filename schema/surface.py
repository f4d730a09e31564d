"""What the API shows of itself in production: no schema to strangers, no suggestions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, get_named_type, is_introspection_type
from graphql.language import SKIP, FieldNode
from graphql.validation import ValidationRule
from strawberry.extensions import SchemaExtension

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    """graphql-core's "Did you mean 'me'?" removed: it spells out the schema to anyone."""
    return _SUGGESTION.sub("", message)


class _NoIntrospection(ValidationRule):
    """Refuses __schema and __type (once per document); __typename stays allowed."""

    reported = False

    def enter_field(self, node: FieldNode, *_args: Any) -> Any:
        named = get_named_type(self.context.get_type())
        if named is None or not is_introspection_type(named):
            return None
        if not self.reported:
            self.reported = True
            self.report_error(
                GraphQLError(
                    "Описание схемы доступно только после входа в Личный кабинет.",
                    node,
                    extensions={"code": "UNAUTHENTICATED"},
                )
            )
        return SKIP


class IntrospectionForSignedInOnly(SchemaExtension):
    """Production: introspection only with a valid token (front-end tooling signs in)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if getattr(context, "actor", None) is None:
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                _NoIntrospection,
            )
        yield
