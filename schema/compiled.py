"""The compiled execution path of known documents (issue 11 §3).

A document the trusted store knows (schema/persisted.py: parsed once, validated once; a
manifest's, one registered by hash, or a text learned once valid) is also compiled once
against the schema: for each selection of the document on each object type, whether
graphql-core's generic machinery is needed or whether the field is *plain*:

- a Strawberry field without a resolver, extension or permission (Strawberry's own
  "basic field": `getattr(source, python_name)`, no info, no arguments) of a leaf type
  (scalar or enum), or of a list of a leaf type;
- such a field of an object type, or of a list of one (a connection's `nodes`, `edges`,
  `pageInfo`, a list payload's `error { code field }` 10,000 times): the object (each item)
  is read in place and its selection executed as graphql-core's
  collect_and_execute_subfields does (a list's selection collected once for all its
  items), errors handled by graphql-core's handle_field_error as
  execute_field and complete_iterable_value would. The type has no `is_type_of`, or the
  one Strawberry makes for types of an interface (an isinstance check that reads no info),
  which is asked first; a value it refuses goes to graphql-core, which refuses it;
- `__typename` (the name of the object type, a String!).

A plain field is read and completed in place (`complete_leaf_value`, graphql-core's own
serialization of the scalar or enum), without the field's Path, its GraphQLResolveInfo,
the middleware, the argument coercion and the generic completion. Everything else
(resolvers, DataLoaders, abstract types, introspection, the root fields
of a mutation, run serially by graphql-core) goes through graphql-core as before, in the
same order, so errors, their paths, nulls, fragments, `@include`/`@skip` (evaluated by
graphql-core's own field collection, per request) and masking stay exactly graphql-core's.

Whatever a plain read meets that is not an ordinary value (an exception, an awaitable, a
null for a non-null type, a value the scalar refuses, a list that is not a list), the field
is executed again by graphql-core's execute_field, which gives exactly the answer and the
error it always gave: a plain read has no side effect, so reading twice changes nothing.

Queries and mutations (below their root fields: a payload's fields are plain reads of what
the mutation returned) are compiled. Not compiled, run by graphql-core alone: documents
the store does not know, subscriptions, requests with a resolve middleware (a schema
extension overriding `resolve`: it must see every field), incremental delivery
(@defer/@stream). A failure while planning falls back to graphql-core for that selection,
logged at DEBUG.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, ClassVar

from graphql import (
    DocumentNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

log = logging.getLogger("kabinet.api.compiled")

FieldDetailsList = list[FieldDetails]
GroupedFieldSet = dict[str, FieldDetailsList]

# What a plain field is: how it is read, and how it completes.
TYPENAME = 0  # __typename: the object type's name
LEAF = 1  # a scalar or an enum
LEAF_LIST = 2  # a list of a scalar or an enum
OBJECT = 3  # an object type: read in place, its selection executed
OBJECT_LIST = 4  # a list of an object type: each item's selection executed


@dataclass(frozen=True, slots=True)
class PlainField:
    kind: int
    read: Callable[[Any], Any]
    leaf: GraphQLLeafType | None
    non_null: bool  # the field's own type
    item_non_null: bool  # a list's items
    object_type: GraphQLObjectType | None = None  # OBJECT's type
    field_type: GraphQLOutputType | None = None  # OBJECT's field type (for its errors)
    item_type: GraphQLOutputType | None = None  # OBJECT_LIST's item type (for its errors)
    # An object type's own check of its values (Strawberry's, for types of an interface).
    type_check: Callable[[Any], Any] | None = None
    # LEAF: the scalar's or enum's own coercion of a value (graphql-core's
    # complete_leaf_value calls it), for the inline way of execute_fields.
    coerce: Callable[[Any], Any] | None = None


def _plain_read(field: GraphQLField) -> Callable[[Any], Any] | None:
    """How Strawberry reads a basic field, or None when the field is anything more."""
    resolve = field.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field.args:
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if definition.default_resolver is getattr and definition.python_name.isidentifier():
        read: Callable[[Any], Any] = attrgetter(definition.python_name)
        return read
    return lambda source: resolve(source, None)  # Strawberry's own call, info unused


def plan_field(parent: GraphQLObjectType, name: str, field: GraphQLField) -> PlainField | None:
    """The plain form of a field of `parent`, or None: graphql-core executes it."""
    if name == "__typename":
        type_name = parent.name
        return PlainField(TYPENAME, lambda _source: type_name, None, True, True)
    read = _plain_read(field)
    if read is None:
        return None
    kind, item_non_null = LEAF, True
    output: GraphQLOutputType = field.type
    non_null = isinstance(output, GraphQLNonNull)
    if isinstance(output, GraphQLNonNull):
        output = output.of_type
    if isinstance(output, GraphQLList):
        kind = LEAF_LIST
        output = output.of_type
        item_non_null = isinstance(output, GraphQLNonNull)
        if isinstance(output, GraphQLNonNull):
            output = output.of_type
    if isinstance(output, GraphQLObjectType) and (
        output.is_type_of is None or _strawberry_type_check(output) is not None
    ):
        check = _strawberry_type_check(output)
        if kind == LEAF:
            return PlainField(
                OBJECT, read, None, non_null, True, output, field.type, type_check=check
            )
        listed = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        assert isinstance(listed, GraphQLList)
        return PlainField(
            OBJECT_LIST,
            read,
            None,
            non_null,
            item_non_null,
            output,
            field.type,
            listed.of_type,
            check,
        )
    if not is_leaf_type(output):
        return None
    assert isinstance(output, GraphQLLeafType)
    coerce = output.coerce_output_value if kind == LEAF else None
    return PlainField(kind, read, output, non_null, item_non_null, coerce=coerce)


def _strawberry_type_check(object_type: GraphQLObjectType) -> Callable[[Any], Any] | None:
    """The `is_type_of` Strawberry makes for a type of an interface (an isinstance check
    that never reads its `_info`), called without info; None for any other (a type's own
    `is_type_of` may read info: graphql-core runs such fields)."""
    check = object_type.is_type_of
    code = getattr(check, "__code__", None)
    if (
        check is None
        or getattr(check, "__module__", "") != "strawberry.schema.schema_converter"
        or not check.__qualname__.endswith("._get_is_type_of.<locals>.is_type_of")
        or code is None
        or code.co_varnames[:2] != ("obj", "_info")
    ):
        return None
    return lambda value: check(value, None)  # type: ignore[arg-type]  # never read


def _passes(check: Callable[[Any], Any] | None, value: Any) -> bool:
    """True when the value is surely of the object type (else graphql-core decides)."""
    if check is None:
        return True
    try:
        return check(value) is True
    except Exception:
        return False


class DocumentPlan:
    """One document's plan: per (object type, field node) its plain form, or None.

    The keys are the nodes of the document the store keeps (ids are stable while it
    lives); filled on first use by any request, shared by all that follow."""

    def __init__(self, document: DocumentNode) -> None:
        self.document = document
        self._fields: dict[tuple[str, int], PlainField | None] = {}

    def field(
        self, parent: GraphQLObjectType, details: FieldDetailsList, schema: Any
    ) -> PlainField | None:
        node = details[0].node
        key = (parent.name, id(node))
        try:
            return self._fields[key]
        except KeyError:
            pass
        plain: PlainField | None = None
        try:
            name = node.name.value
            definition = schema.get_field(parent, name)
            if definition is not None:
                plain = plan_field(parent, name, definition)
        except Exception:  # never a wrong answer: graphql-core executes the field
            log.debug("not compiled: %s.%s", parent.name, node.name.value, exc_info=True)
            plain = None
        self._fields[key] = plain
        return plain

    def plain_fields(self) -> int:
        """How many of the fields planned so far are read in place."""
        return sum(plain is not None for plain in list(self._fields.values()))


class CompiledPlans:
    """The plans of the documents the trusted store holds, by the document's identity."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._plans: dict[int, DocumentPlan] = {}
        self._lock = threading.Lock()

    def add(self, document: DocumentNode) -> None:
        if not self.enabled:
            return
        with self._lock:
            if id(document) not in self._plans:
                self._plans[id(document)] = DocumentPlan(document)

    def forget(self, document: DocumentNode) -> None:
        with self._lock:
            plan = self._plans.get(id(document))
            if plan is not None and plan.document is document:
                del self._plans[id(document)]

    def get(self, document: DocumentNode) -> DocumentPlan | None:
        plan = self._plans.get(id(document))
        return plan if plan is not None and plan.document is document else None

    def all(self) -> list[DocumentPlan]:
        with self._lock:
            return list(self._plans.values())

    def __len__(self) -> int:
        return len(self._plans)


# One step of a selection: response name, graphql-core's field group, its plain form.
Step = tuple[str, FieldDetailsList, PlainField | None]


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with the plain fields of compiled documents read in place.

    The class is made per schema with its plans (executor_class_for)."""

    plans: ClassVar[CompiledPlans]
    plan: DocumentPlan | None = None

    @classmethod
    def build(cls, schema: Any, document: DocumentNode, *args: Any, **kwargs: Any) -> Any:
        executor = super().build(schema, document, *args, **kwargs)
        if isinstance(executor, CompiledExecutor):
            executor.plan = executor._plan_for(document)
        return executor

    def _plan_for(self, document: DocumentNode) -> DocumentPlan | None:
        plan = self.plans.get(document)
        if plan is None or self.operation.operation is OperationType.SUBSCRIPTION:
            return None
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:
            return None  # a resolve middleware must see every field
        if any(self.schema.get_directive(name) for name in ("defer", "stream")):
            return None  # incremental delivery: graphql-core alone (no selection is deferred
            # on the compiled path, so a list's selection is collected once for its objects)
        self._steps: dict[tuple[str, int], tuple[GroupedFieldSet, list[Step]]] = {}
        return plan

    def _steps_of(self, parent: GraphQLObjectType, fields: GroupedFieldSet) -> list[Step]:
        """The steps of one collected selection (graphql-core collects it once per
        request and type, @skip/@include applied, and hands the same mapping to every
        object of a list)."""
        key = (parent.name, id(fields))
        found = self._steps.get(key)
        if found is not None and found[0] is fields:
            return found[1]
        plan = self.plan
        assert plan is not None
        steps: list[Step] = [
            (name, details, plan.field(parent, details, self.schema))
            for name, details in fields.items()
        ]
        self._steps[key] = (fields, steps)  # keeps `fields` alive: its id stays its own
        return steps

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        if self.plan is None or position_context is not None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        # graphql-core's execute_fields, with plain fields completed in place.
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for name, details, plain in self._steps_of(parent_type, grouped_field_set):
                if plain is not None:
                    if plain.coerce is not None:
                        # The common case inline: a scalar or enum field whose value is of
                        # a plain type (never awaitable, never an exception, never null).
                        # Anything else, or a refusal, takes the general way below.
                        try:
                            value = plain.read(source_value)
                            if type(value) in _PLAIN_VALUES:
                                coerced = plain.coerce(value)
                                if coerced is not None and coerced is not Undefined:
                                    results[name] = coerced
                                    continue
                        except Exception:  # noqa: S110  # the general way meets it again
                            pass
                    if plain.kind >= OBJECT:
                        value = self._complete_object(
                            plain, parent_type, source_value, path, name, details
                        )
                        if value is not _SLOW:
                            results[name] = value
                            if is_awaitable(value):
                                awaitable_fields.append(name)
                            continue
                    else:
                        value = _complete_plain(plain, source_value, is_awaitable)
                        if value is not _SLOW:
                            results[name] = value
                            continue
                result = self.execute_field(
                    parent_type, source_value, details, Path(path, name, parent_type.name), None
                )
                if result is not Undefined:
                    results[name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._gather(results, awaitable_fields)

    def _complete_object(
        self,
        plain: PlainField,
        parent: GraphQLObjectType,
        source: Any,
        path: Path | None,
        name: str,
        details: FieldDetailsList,
    ) -> Any:
        """A plain object field, or a plain list of objects, as graphql-core's
        execute_field (and complete_iterable_value) complete it. Anything unusual (an
        exception or an awaitable where an object is due, a null for a non-null type or
        item, a value the type's check refuses, not a list) is seen before anything
        runs: _SLOW, and graphql-core runs the field."""
        try:
            value = plain.read(source)
        except Exception:
            return _SLOW
        if value is None or value is Undefined:
            return _SLOW if plain.non_null else None
        listed = plain.kind == OBJECT_LIST
        if listed and not isinstance(value, (list, tuple)):
            return _SLOW
        is_awaitable = self.is_awaitable
        for item in value if listed else (value,):
            if item is None or item is Undefined:  # only a list's item gets here
                if plain.item_non_null:
                    return _SLOW
            elif (
                isinstance(item, Exception)
                or is_awaitable(item)
                or not _passes(plain.type_check, item)
            ):
                return _SLOW
        object_type, field_type = plain.object_type, plain.field_type
        assert object_type is not None and field_type is not None
        field_path = Path(path, name, parent.name)
        try:
            completed = (
                self._complete_items(plain, value, details, field_path)
                if listed
                else self.collect_and_execute_subfields(
                    object_type, details, field_path, value, None
                )
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_type, details, field_path)
            return None
        if is_awaitable(completed):
            return self._await_object(completed, field_type, details, field_path)
        return completed

    def _complete_items(
        self, plain: PlainField, items: Any, details: FieldDetailsList, path: Path
    ) -> Any:
        object_type, item_type = plain.object_type, plain.item_type
        assert object_type is not None and item_type is not None
        # The selection collected once for every object (graphql-core's memoized
        # collect_subfields; nothing is deferred, see _plan_for), then each object's fields
        # executed on it, which is what its collect_and_execute_subfields calls.
        grouped = self.collect_subfields(object_type, details)[0]
        execute_fields = self.execute_fields
        is_awaitable = self.is_awaitable
        results: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                if item is None or item is Undefined:
                    results.append(None)  # a nullable item (checked before)
                    continue
                item_path = path.add_key(index, None)
                try:
                    completed = execute_fields(object_type, item, item_path, grouped, None)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, details, item_path)
                    results.append(None)
                    continue
                if is_awaitable(completed):
                    awaitable_indices.append(index)
                    completed = self._await_object(completed, item_type, details, item_path)
                results.append(completed)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([results[index] for index in awaitable_indices])
            raise
        if not awaitable_indices:
            return results
        return self._gather(results, awaitable_indices)

    async def _await_object(
        self, completed: Any, field_type: GraphQLOutputType, details: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_type, details, path)
            return None

    @staticmethod
    async def _gather(results: Any, keys: list[Any]) -> Any:
        """The awaitables of a selection (by response name) or of a list (by index)
        awaited, as graphql-core's execute_fields and complete_iterable_value do."""
        if len(keys) == 1:
            results[keys[0]] = await results[keys[0]]
        else:
            awaited = await gather_with_cancel(*(results[key] for key in keys))
            for key, value in zip(keys, awaited, strict=True):
                results[key] = value
        return results


# Values that are surely not awaitable, not an exception and not null: a LEAF field of one
# of these is coerced inline (execute_fields); any other value goes the general way.
_PLAIN_VALUES: frozenset[type] = frozenset({str, int, float, bool, Decimal, date, datetime})


class _Slow:
    """A plain read met something unusual: graphql-core executes the field."""


_SLOW: Any = _Slow()


def _complete_plain(plain: PlainField, source: Any, is_awaitable: Callable[[Any], bool]) -> Any:
    """The field's completed value, or _SLOW (graphql-core then executes it itself)."""
    kind = plain.kind
    if kind == TYPENAME:
        return plain.read(source)
    try:
        value = plain.read(source)
        if value is None or value is Undefined:
            return _SLOW if plain.non_null else None
        if isinstance(value, Exception) or is_awaitable(value):
            return _SLOW
        leaf = plain.leaf
        assert leaf is not None
        if kind == LEAF:
            return CompiledExecutor.complete_leaf_value(leaf, value)
        if not isinstance(value, (list, tuple)):
            return _SLOW  # other iterables (and a refused string): graphql-core
        completed: list[Any] = []
        for item in value:
            if item is None or item is Undefined:
                if plain.item_non_null:
                    return _SLOW
                completed.append(None)
                continue
            if isinstance(item, Exception) or is_awaitable(item):
                return _SLOW
            completed.append(CompiledExecutor.complete_leaf_value(leaf, item))
        return completed
    except Exception:
        return _SLOW  # graphql-core raises and locates the very same error


def executor_class_for(plans: CompiledPlans) -> type[CompiledExecutor]:
    """The executor class of one schema: its compiled documents are `plans`."""
    return type("KabinetCompiledExecutor", (CompiledExecutor,), {"plans": plans})
