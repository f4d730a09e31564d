"""Refusing documents that would cost the server more than a caller may ask (issue 9).

Two checks run before graphql-core validates a document, on its parsed AST only:
- width: graphql-core's OverlappingFieldsCanBeMerged is quadratic in the fields of a
  selection set (1,990 `__typename` took ~1 s of CPU), so a document with too many
  fields, in total or in one selection set, is refused first (QUERY_TOO_WIDE).
  Parsing such a document is itself ~10 ms of Python on the event loop (graphql-core's
  lexer and parser, ~5 µs a token), so the same counts are first taken from the text
  by one regular expression and a loop over its tokens (`text_field_counts`, ~10 times
  cheaper), and a document over the limit is refused before it is parsed at all; that
  count stops at the first field over a limit (the refusal names the limits, not the
  counts), so 1,990 fields cost the reading of ~100 (server CPU per such refusal
  3.7–4.5 → 1.1–1.6 ms, bench/README.md);
- cost: the objects a document can return, estimated from `first` along each path; a
  connection without `first` counts as its default page, a plain list as its bound
  (QUERY_TOO_COMPLEX above the setting).
Both are linear in the document (fragments are costed once per type and page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)
from graphql.type.definition import GraphQLNamedType, GraphQLType
from strawberry.extensions import SchemaExtension

from domain.paging import DEFAULT_PAGE, MAX_PAGE
from domain.renaming import RENAME_MAX_LINES

# A plain list without `first` counts as this many items, unless it is named below.
DEFAULT_LIST_BOUND = 10
LIST_BOUNDS: Mapping[tuple[str, str], int] = {
    ("RenameRequest", "lines"): RENAME_MAX_LINES,
    ("ServiceRequest", "lines"): RENAME_MAX_LINES,
    ("RenameSubscribersPayload", "lines"): RENAME_MAX_LINES,
    ("ChangeSubscriberServicesPayload", "lines"): RENAME_MAX_LINES,
    ("ChangeSubscriberServicesPayload", "errors"): RENAME_MAX_LINES,
    ("RenameSubscribersPayload", "errors"): RENAME_MAX_LINES,
    # The newest `first` sendings (default DELIVERIES_PAGE, at most a page).
    ("Invoice", "deliveries"): MAX_PAGE,
    # D7: 200 characters of "a@b.by;" hold at most 28 addresses.
    ("Delivery", "results"): 28,
    ("Delivery", "emails"): 28,
    ("Delivery", "formats"): 3,
    ("DeliverySettings", "emails"): 28,
}
MAX_FIELDS_PER_SELECTION = 100


def _refusal(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _field_counts(document: DocumentNode) -> tuple[int, int]:
    """(fields in the document, most fields directly in one selection set)."""
    total = 0
    widest = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        selection_set = stack.pop()
        direct = 0
        pending = [selection_set]
        while pending:  # inline fragments merge into the selection set that holds them
            for selection in pending.pop().selections:
                if isinstance(selection, FieldNode):
                    direct += 1
                    if selection.selection_set is not None:
                        stack.append(selection.selection_set)
                elif isinstance(selection, InlineFragmentNode):
                    pending.append(selection.selection_set)
        total += direct
        widest = max(widest, direct)
    return total, widest


# GraphQL's lexical tokens (spec, section 2.1), comments kept apart: one alternative
# per kind, possessive so that no input makes the expression backtrack. Whitespace,
# commas and the BOM are what findall steps over. Unterminated strings and characters
# outside the grammar do not match: the document is then refused by graphql-core's
# parser, which still runs whenever this count does not refuse.
_TOKEN = re.compile(
    r"#[^\n\r]*+"  # a comment: not a token
    r'|("""(?:\\"""|[^"\\]|\\|"(?!""))*+"""|"(?:[^"\\\n\r]|\\.)*+"'
    r"|\.\.\.|[!$&():=@\[\]{|}]|-?\d[\d.eE+-]*+|[_A-Za-z]\w*+)",
    re.ASCII,
)


def text_field_counts(
    text: str, max_tokens: int, stop_above: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """(fields in the document, most fields directly in one selection set), as
    `_field_counts` finds them after parsing, read from the text alone; None for a
    document of more than `max_tokens` tokens (graphql-core's parser refuses it after
    as many tokens, with its own message).

    For a document graphql-core parses, the counts are the same (tests/unit/
    test_query_limits.py compares them over generated documents). Selection sets are
    the braces outside parentheses (those inside are input objects); in one, a name
    is a field unless it follows `:` (an alias's field), `@` (a directive) or `...`
    (a fragment's name, or `on` and the type of an inline fragment, whose fields count
    in the selection set that holds it).

    With `stop_above` (most fields in all, most in one selection set) the count stops at
    the first field over either: a document of 1,990 fields is refused after reading
    ~100 of them, and what is returned is then only over that limit, not the whole."""
    total = widest = direct = parens = tokens = 0
    outer: list[int] = []  # direct fields of each enclosing selection set
    merged: list[bool] = []  # whether that brace is an inline fragment's
    previous = ""
    inline = False  # `...` and no fragment name after it: the next brace merges
    type_condition = False  # `... on`: the next name is a type
    most_in_all, most_in_one = stop_above or (-1, -1)
    lexemes: Iterable[str | None] = (
        _TOKEN.findall(text)
        if stop_above is None
        else (match.group(1) for match in _TOKEN.finditer(text))
    )
    for lexeme in lexemes:
        if not lexeme:
            continue  # a comment
        tokens += 1
        if tokens > max_tokens:
            return None
        first = lexeme[0]
        if parens:
            parens += (first == "(") - (first == ")")
            previous = ")"
            continue
        if first == "(":
            parens = 1
        elif first == "{":
            merged.append(inline)
            if not inline:
                outer.append(direct)
                direct = 0
            inline = type_condition = False
        elif first == "}":
            if merged and not merged.pop():
                widest = max(widest, direct)
                direct = outer.pop()
        elif first == ".":
            inline = True
        elif merged and (first.isalpha() or first == "_"):
            if type_condition:
                type_condition = False
            elif previous == "...":
                type_condition = lexeme == "on"
                inline = type_condition
            elif previous not in (":", "@"):
                direct += 1
                total += 1
                if stop_above is not None and (total > most_in_all or direct > most_in_one):
                    return total, max(widest, direct)
        previous = lexeme
    return total, widest


def _too_wide(total: int, widest: int, max_fields: int) -> GraphQLError | None:
    # The limits, not the counts: the text check stops counting at the first field over
    # a limit (an attacker's 1,990 fields are not all read to be refused).
    if total > max_fields or widest > MAX_FIELDS_PER_SELECTION:
        return _refusal(
            "QUERY_TOO_WIDE",
            f"Запрос слишком широкий: можно не больше {max_fields} полей в запросе "
            f"и не больше {MAX_FIELDS_PER_SELECTION} в одном наборе. "
            "Разбейте его на несколько запросов.",
        )
    return None


def width_refusal(document: DocumentNode, max_fields: int) -> GraphQLError | None:
    return _too_wide(*_field_counts(document), max_fields)


def text_width_refusal(text: str, max_fields: int, max_tokens: int) -> GraphQLError | None:
    """The width refusal of a document not parsed yet; None when it may pass."""
    counts = text_field_counts(text, max_tokens, (max_fields, MAX_FIELDS_PER_SELECTION))
    return None if counts is None else _too_wide(*counts, max_fields)


def _named(type_: GraphQLType) -> tuple[GraphQLType, bool]:
    """The named type under the wrappers, and whether a list is among them."""
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


class _Costing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defaults: Mapping[str, Any],
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables
        self._defaults = defaults
        self._memo: dict[tuple[str, str, int | None], int] = {}
        self._visiting: set[str] = set()

    def _first(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The `first` asked for; None when the field takes none or it is not given."""
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return _as_count(value.value)
            if isinstance(value, VariableNode):
                name = value.name.value
                given = self._variables.get(name, self._defaults.get(name))
                return _as_count(given)
            return None
        default = definition.args["first"].default_value
        return _as_count(default)

    def selection(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, page: int | None
    ) -> int:
        """Objects returned under one value of `parent`."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self._schema.get_type(condition.name.value) if condition else parent
                if target is not None:
                    total += self.selection(selection.selection_set, target, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, page)
        return total

    def _spread(self, name: str, page: int | None) -> int:
        fragment = self._fragments.get(name)
        if fragment is None or name in self._visiting:
            return 0  # unknown or cyclic: validation refuses it
        target = self._schema.get_type(fragment.type_condition.name.value)
        if target is None:
            return 0
        key = (name, target.name, page)
        if key not in self._memo:
            self._visiting.add(name)
            self._memo[key] = self.selection(fragment.selection_set, target, page)
            self._visiting.discard(name)
        return self._memo[key]

    def _field(self, node: FieldNode, parent: GraphQLNamedType, page: int | None) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0  # introspection is bounded by the schema; unknown fields are refused
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        target, is_list = _named(definition.type)
        composite = isinstance(target, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
        if not composite or not isinstance(target, GraphQLNamedType):
            return 0
        pages = "first" in definition.args
        first = self._first(node, definition) if pages else None
        child_page: int | None = None
        if is_list:
            bound = LIST_BOUNDS.get(
                (parent.name, name), DEFAULT_LIST_BOUND if page is None else page
            )
            count = bound if first is None else min(first, bound)
        else:
            count = 1
            if pages:  # a connection: its edges and nodes hold `first` items
                child_page = DEFAULT_PAGE if first is None else min(first, MAX_PAGE)
        below = 0
        if node.selection_set is not None:
            below = self.selection(node.selection_set, target, child_page)
        return count * (1 + below)


def _as_count(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return max(number, 0)


def query_cost(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None = None
) -> int:
    """The most objects any operation of the document can return."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    worst = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        root = schema.get_root_type(definition.operation)
        if root is None:
            continue
        defaults = {
            v.variable.name.value: getattr(v.default_value, "value", None)
            for v in definition.variable_definitions or ()
            if v.default_value is not None
        }
        costing = _Costing(schema, fragments, variables or {}, defaults)
        worst = max(worst, costing.selection(definition.selection_set, root, None))
    return worst


def _placeholder(operation_name: str | None) -> DocumentNode:
    """A document standing for one refused before parsing: Strawberry then skips its
    parsing and validation (the refusal is set) and finds the operation it was asked
    for (the name, if any), answering the refusal as for any other document."""
    name = NameNode(value=operation_name) if operation_name else None
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY, name=name, selection_set=SelectionSetNode(selections=())
    )
    return DocumentNode(definitions=(operation,))


class QueryLimits(SchemaExtension):
    """Refuses too wide or too costly documents before graphql-core validates them;
    a too wide text before graphql-core even parses it."""

    def __init__(self, max_fields: int, max_cost: int, max_tokens: int = 2000) -> None:
        self.max_fields = max_fields
        self.max_cost = max_cost
        self.max_tokens = max_tokens

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            refusal = text_width_refusal(context.query, self.max_fields, self.max_tokens)
            if refusal is not None:
                context.graphql_document = _placeholder(context.operation_name)
                context.pre_execution_errors = [refusal]
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            refusal = width_refusal(document, self.max_fields)
            if refusal is None:
                variables = context.variables if isinstance(context.variables, dict) else {}
                cost = query_cost(context.schema._schema, document, variables)
                if cost > self.max_cost:
                    refusal = _refusal(
                        "QUERY_TOO_COMPLEX",
                        f"Запрос слишком сложный: он может вернуть до {cost} объектов, "
                        f"а можно не больше {self.max_cost}. Уменьшите first или число полей.",
                    )
            if refusal is not None:
                # Set before validation runs: strawberry then skips it and answers this.
                context.pre_execution_errors = [refusal]
        yield
