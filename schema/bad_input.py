"""Arguments that do not fit their type: BAD_USER_INPUT in Russian, never an internal error.

graphql-core refuses such values itself, but in English, without the argument's path,
and with the scalar's exception attached, which the masking took for a bug. Literals
are checked here by a replacement of its ValuesOfCorrectTypeRule, variables before
execution by the same graphql-core check; both report through `refusal()`.
"""

from __future__ import annotations

import logging
import pickle
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextvars import ContextVar
from typing import Any

import graphql.execution.executor as _executor
from graphql import (
    ArgumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    Source,
    StringValueNode,
    Undefined,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    VisitorAction,
    get_named_type,
    type_from_ast,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution.get_variable_signature import get_variable_signature
from graphql.execution.values import VariableValues, VariableValueSource, get_variable_values
from graphql.language import SKIP
from graphql.utilities.validate_input_value import validate_input_literal, validate_input_value
from graphql.validation import ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension

from domain.ports import CpuWork
from schema.scalars import MONEY_EXAMPLE, BadScalarValue

LOG = logging.getLogger(__name__)
CODE = "BAD_USER_INPUT"
INT_RANGE = "от -2147483648 до 2147483647"
_EXPECTED = {
    "Decimal": f"сумма строкой с точкой, например {MONEY_EXAMPLE}",
    "Date": "дата в виде ГГГГ-ММ-ДД, например 2026-12-09",
    "DateTime": "дата и время ISO 8601, например 2026-12-09T10:00:00+03:00",
    "Int": f"целое число {INT_RANGE}, например 10",
    "Float": "число, например 1.5",
    "Boolean": "true или false",
    "String": "строка",
    "ID": "идентификатор строкой, как его вернул Личный кабинет",
    "Upload": "файл (multipart-загрузка)",
}
_REQUIRED = re.compile(r"include required field '(\w+)'")
_UNKNOWN = re.compile(r"not to include unknown field '(\w+)'")
_PathT = list[str | int]


class BadUserInput(GraphQLError):
    """An argument that does not fit its type; extensions name the field and its path."""

    def __init__(
        self,
        message: str,
        path: _PathT,
        nodes: list[Node] | None = None,
        source: Source | None = None,
        positions: list[int] | None = None,
    ) -> None:
        field = next((p for p in reversed(path) if isinstance(p, str)), None)
        super().__init__(
            message,
            nodes,
            source,
            positions,
            extensions={
                "code": CODE,
                "field": field.lstrip("$") if field else None,
                "argumentPath": path,
            },
        )


def expected_form(type_: GraphQLInputType) -> str:
    """What a value of this type looks like, in Russian."""
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        return "одно из значений: " + ", ".join(named.values)
    if isinstance(named, GraphQLInputObjectType):
        return f"объект {named.name}"
    return _EXPECTED.get(named.name, f"значение типа {named.name}")


_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def bad_text(text: str) -> bool:
    """NUL or half of a surrogate pair: no field of ours can hold or store either."""
    return _BAD_CHARACTER.search(text) is not None


def _holds_bad_text(value: Any) -> bool:
    """Whether any string in a JSON value is bad_text: one pass without paths, since
    a 10,000-line variable is walked on the event loop (issue 9)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _BAD_CHARACTER.search(item) is not None:
                return True
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def refusal(
    error: GraphQLError | None,
    root: GraphQLInputType,
    path: _PathT,
    inner: _PathT,
    nodes: list[Node] | None = None,
) -> BadUserInput:
    """A Russian refusal for an error graphql-core (or the text check) found at `inner`."""
    field = next((p for p in reversed(path + inner) if isinstance(p, str)), "?").lstrip("$")
    type_ = _type_at(root, inner)
    message = error.message if error else ""
    reason: str
    if error is None:
        reason = "строка содержит недопустимый символ (NUL или половину суррогатной пары)"
    elif isinstance(own := _own_reason(error), str):
        reason = own[:1].lower() + own[1:].rstrip(".")
    elif match := _REQUIRED.search(message):
        reason = f"не задано обязательное поле «{match.group(1)}»"
    elif match := _UNKNOWN.search(message):
        reason = f"поле «{match.group(1)}» не предусмотрено"
    elif "not to be None" in message or "to be provided" in message:
        reason = f"значение обязательно: {expected_form(type_)}"
    else:
        reason = f"ожидается {expected_form(type_)}"
    return BadUserInput(f"Неверное значение поля «{field}»: {reason}.", path + inner, nodes)


def _own_reason(error: BaseException) -> str | None:
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, BadScalarValue):
            return str(seen)
        seen = getattr(seen, "original_error", None) or seen.__cause__
    return None


def _type_at(root: GraphQLInputType, inner: _PathT) -> GraphQLInputType:
    type_: Any = root
    for step in inner:
        while isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList) and isinstance(step, int):
            type_ = type_.of_type
        elif isinstance(type_, GraphQLInputObjectType) and step in type_.fields:
            type_ = type_.fields[str(step)].type
    result: GraphQLInputType = type_
    return result


def _bad_strings(value: Any, path: _PathT) -> Iterator[_PathT]:
    if isinstance(value, str):
        if bad_text(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _bad_strings(item, [*path, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bad_strings(item, [*path, index])


def _bad_literal_strings(node: ValueNode, path: _PathT) -> Iterator[_PathT]:
    if isinstance(node, StringValueNode):
        if bad_text(node.value):
            yield path
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _bad_literal_strings(field.value, [*path, field.name.value])
    elif isinstance(node, ListValueNode):
        for index, item in enumerate(node.values):
            yield from _bad_literal_strings(item, [*path, index])


class ValuesOfCorrectTypeRussianRule(ValuesOfCorrectTypeRule):
    """graphql-core's literal check, reporting BAD_USER_INPUT with the argument's path."""

    _field: str = "?"
    _argument: str = "?"

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        self._field = node.name.value

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self._argument = node.name.value

    def is_valid_value_node(
        self, node: ValueNode, input_type: GraphQLInputType | None
    ) -> VisitorAction:
        if input_type is None:
            return SKIP
        path: _PathT = [self._field, self._argument]
        reported = False

        def on_error(error: GraphQLError, inner: _PathT) -> None:
            nonlocal reported
            reported = True
            self.report_error(refusal(error, input_type, path, inner, [node]))

        validate_input_literal(node, input_type, on_error, None, None, True)
        if not reported:
            for inner in _bad_literal_strings(node, []):
                self.report_error(refusal(None, input_type, path, inner, [node]))
        return SKIP


def variable_refusals(
    schema: Any, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> list[GraphQLError]:
    """Every variable value that does not fit its declared type, as BAD_USER_INPUT."""
    found: list[GraphQLError] = []
    usages = _variable_usages(operation)
    for definition in operation.variable_definitions or ():
        type_ = type_from_ast(schema, definition.type)
        if type_ is None or not isinstance(
            get_named_type(type_), GraphQLScalarType | GraphQLEnumType | GraphQLInputObjectType
        ):
            continue  # graphql-core's validation has refused it already
        path = usages.get(definition.variable.name.value, [f"${definition.variable.name.value}"])
        found.extend(_variable_refusals(definition, type_, path, variables))
    return found


def _variable_refusals(
    definition: VariableDefinitionNode, type_: Any, path: _PathT, variables: dict[str, Any]
) -> list[GraphQLError]:
    found: list[GraphQLError] = []
    name = definition.variable.name.value

    def on_error(error: GraphQLError, inner: _PathT) -> None:
        found.append(refusal(error, type_, path, inner, [definition]))

    if name in variables:
        validate_input_value(variables[name], type_, on_error, True)
    elif definition.default_value is None:
        validate_input_value(Undefined, type_, on_error, True)
    if not found and _holds_bad_text(variables.get(name)):
        for inner in _bad_strings(variables.get(name), []):
            found.append(refusal(None, type_, path, inner, [definition]))
    return found


def _variable_usages(operation: OperationDefinitionNode) -> dict[str, _PathT]:
    """Where each variable is first used: [field, argument, …] (the argument's path)."""
    usages: dict[str, _PathT] = {}

    def value(node: ValueNode, path: _PathT) -> None:
        if isinstance(node, VariableNode):
            usages.setdefault(node.name.value, path)
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                value(field.value, [*path, field.name.value])
        elif isinstance(node, ListValueNode):
            for index, item in enumerate(node.values):
                value(item, [*path, index])

    def selections(node: Any) -> None:
        for selection in getattr(getattr(node, "selection_set", None), "selections", ()) or ():
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    value(argument.value, [selection.name.value, argument.name.value])
            selections(selection)

    selections(operation)
    return usages


def _bad_character(error: GraphQLError) -> BadUserInput | None:
    """The lexer's refusal of NUL, a control character or a lone surrogate, in Russian."""
    message = error.message
    if not message.startswith("Syntax Error: Invalid"):
        return None
    if "Unicode" not in message and "character" not in message:
        return None
    return BadUserInput(
        "Запрос содержит недопустимый символ (NUL, управляющий символ или половину "
        "суррогатной пары); строки передаются в UTF-8.",
        [],
        source=error.source,
        positions=list(error.positions or []) or None,
    )


PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def labelled(error: GraphQLError) -> GraphQLError:
    """A document that does not parse, or does not fit the schema: a stable code and a
    Russian lead; graphql-core's own wording (which names the place) follows it."""
    if (error.extensions or {}).get("code") or error.path or error.original_error:
        return error  # ours, or raised while executing
    if error.message.startswith("Syntax Error: "):
        code, lead = PARSE_FAILED, "Синтаксическая ошибка в запросе"
        detail = error.message.removeprefix("Syntax Error: ")
    else:
        code, lead = VALIDATION_FAILED, "Запрос не соответствует схеме"
        detail = error.message
    error.message = f"{lead}: {detail}"
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def _operation(document: Any, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


class RefuseBadInput(SchemaExtension):
    """Literals and variables that do not fit their types: BAD_USER_INPUT before execution."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(
            ValuesOfCorrectTypeRussianRule if rule is ValuesOfCorrectTypeRule else rule
            for rule in context.validation_rules
        )
        yield
        result = context.result
        if result is not None and result.errors:
            result.errors = [labelled(_bad_character(e) or e) for e in result.errors]

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = _operation(document, context.operation_name) if document else None
        variables = context.variables if isinstance(context.variables, dict) else {}
        if operation is not None and context.result is None and not _checked(variables):
            errors = variable_refusals(context.schema._schema, operation, variables)
            if errors and operation.operation is OperationType.SUBSCRIPTION:
                # Strawberry's subscribe ignores a result set here and lets graphql-core
                # coerce the variables itself (an error the masking takes for a bug); an
                # error raised by on_execute is answered as is.
                raise errors[0]
            if errors:
                context.result = GraphQLExecutionResult(data=None, errors=errors)
        yield


# Large variables (a 10,000-line list) checked and coerced off the event loop.
# A value with a list longer than this (at most LARGE_DEPTH levels down) is large.
LARGE_LIST = 200
LARGE_DEPTH = 3
# The variables the off-loop step has checked, and what graphql-core's coercion of them
# gave there; graphql-core's own coercion (in ExecutionContext.build, on the loop) then
# takes that result instead of doing the work again.
_PRECOERCED: ContextVar[tuple[object, Any] | None] = ContextVar("precoerced", default=None)


def _checked(variables: object) -> bool:
    done = _PRECOERCED.get()
    return done is not None and done[0] is variables


def is_large(value: object, depth: int = LARGE_DEPTH) -> bool:
    """Whether a variables value holds a list of more than LARGE_LIST items (cheap: it
    looks at LARGE_DEPTH levels, and never into a long list's items)."""
    if isinstance(value, list):
        return len(value) > LARGE_LIST or (
            depth > 0 and any(is_large(item, depth - 1) for item in value)
        )
    if isinstance(value, dict) and depth > 0:
        return any(is_large(item, depth - 1) for item in value.values())
    return False


def check_and_coerce(
    schema: Any, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> tuple[list[GraphQLError], Any]:
    """variable_refusals, then graphql-core's coercion (its VariableValues, or its
    errors) when there is none: the work of both, in one call for a worker thread."""
    errors = variable_refusals(schema, operation, variables)
    if errors:
        return errors, None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    return [], coerced


# (query, operation name, variables) -> the coerced values, or None for "do it here"
# (schema/variables_child.py: in a worker process).
CoerceElsewhere = Callable[[str, str | None, dict[str, Any]], Awaitable[dict[str, Any] | None]]


def with_sources(
    schema: Any,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
    coerced: dict[str, Any],
) -> VariableValues | None:
    """graphql-core's VariableValues for values coerced elsewhere: the sources made as
    its coerce_variable_values makes them (a signature and the input of each variable)."""
    sources: dict[str, VariableValueSource] = {}
    for definition in operation.variable_definitions or ():
        signature = get_variable_signature(schema, definition)
        if isinstance(signature, GraphQLError):
            return None
        value = variables.get(signature.name, Undefined)
        sources[signature.name] = (
            VariableValueSource(signature)
            if value is Undefined
            else VariableValueSource(signature, value)
        )
    return VariableValues(sources, coerced)


class LargeVariablesOffLoop(SchemaExtension):
    """A large variable (10,000 lines of a rename) is checked and coerced off the
    event loop, so the loop is not held for ~100 ms a request (issue 9 §2): in a worker
    process when one is given (a GIL of its own), else (and for a value it refuses) on
    a worker thread.

    Must come before RefuseBadInput: that one skips what was checked here, and
    graphql-core's coercion takes the result made here (see _get_variable_values).
    Async: added by the HTTP app only (the schema alone keeps running synchronously)."""

    def __init__(self, cpu: CpuWork, elsewhere: CoerceElsewhere | None = None) -> None:
        super().__init__()
        self._cpu = cpu
        self._elsewhere = elsewhere

    async def _from_child(
        self,
        schema: Any,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> VariableValues | None:
        context = self.execution_context
        if self._elsewhere is None or not isinstance(context.query, str):
            return None
        try:
            coerced = await self._elsewhere(context.query, context.operation_name, variables)
        except (BrokenProcessPool, OSError, pickle.PicklingError) as error:
            LOG.warning("variables not coerced in the worker process: %r", error)
            return None
        return None if coerced is None else with_sources(schema, operation, variables, coerced)

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        variables = context.variables
        token = None
        if context.result is None and isinstance(variables, dict) and is_large(variables):
            operation = _operation(document, context.operation_name) if document else None
            schema = context.schema._schema
            done = (
                None if operation is None else await self._from_child(schema, operation, variables)
            )
            if done is not None:
                token = _PRECOERCED.set((variables, done))
            elif operation is not None:
                errors, coerced = await self._cpu.run(
                    check_and_coerce, schema, operation, variables
                )
                if errors and operation.operation is OperationType.SUBSCRIPTION:
                    raise errors[0]  # as RefuseBadInput does
                if errors:
                    context.result = GraphQLExecutionResult(data=None, errors=errors)
                else:
                    token = _PRECOERCED.set((variables, coerced))
        try:
            yield
        finally:
            if token is not None:
                _PRECOERCED.reset(token)


def _get_variable_values(
    schema: Any, definitions: Any, inputs: dict[str, Any], *args: Any, **kwargs: Any
) -> Any:
    """graphql-core's get_variable_values, unless the off-loop step already coerced
    these very variables (and found no error)."""
    done = _PRECOERCED.get()
    if done is not None and done[0] is inputs and not isinstance(done[1], list):
        return done[1]
    return get_variable_values(schema, definitions, inputs, *args, **kwargs)


# ExecutionContext.build looks the function up in its module at every call.
setattr(_executor, "get_variable_values", _get_variable_values)  # noqa: B010
