"""Issue 9: too wide or too costly documents are refused before validation and execution."""

from __future__ import annotations

import time
from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from graphql import get_introspection_query, parse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from infra.settings import Settings
from schema.limits import _field_counts, text_field_counts, width_refusal
from schema.root import build_schema

SCHEMA = build_schema(Settings())


def _codes(query: str, variables: dict[str, Any] | None = None, **settings: Any) -> list[Any]:
    schema = build_schema(Settings(**settings)) if settings else SCHEMA
    result = schema.execute_sync(query, variable_values=variables)
    return [(e.extensions or {}).get("code") for e in result.errors or []]


def test_wide_document_is_refused_before_the_quadratic_validation() -> None:
    # The attack of the issue: 12 KB, 1,990 `__typename` in one selection set.
    query = "{ " + " ".join("__typename" for _ in range(1990)) + " }"
    started = time.perf_counter()
    result = SCHEMA.execute_sync(query)
    elapsed = time.perf_counter() - started
    assert result.errors is not None and len(result.errors) == 1
    error = result.errors[0]
    assert error.extensions == {"code": "QUERY_TOO_WIDE"}
    assert error.message == (
        "Запрос слишком широкий: можно не больше 300 полей в запросе и не больше 100 "
        "в одном наборе. Разбейте его на несколько запросов."
    )
    # Validation of this document takes ~1 s; refused before it, it costs milliseconds.
    assert elapsed < 0.5


def test_wide_document_spread_over_fragments_is_refused() -> None:
    fragments = " ".join(
        f"fragment F{i} on Query {{ {' '.join('__typename' for _ in range(90))} }}"
        for i in range(5)
    )
    query = "{ " + " ".join(f"...F{i}" for i in range(5)) + " } " + fragments
    assert _codes(query) == ["QUERY_TOO_WIDE"]


def test_ordinary_introspection_is_not_too_wide() -> None:
    result = SCHEMA.execute_sync(get_introspection_query(descriptions=True))
    assert result.errors is None


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        # 100 requests × 10,000 lines each: the 29-alias attack of the issue, one alias.
        ("{ renameRequests(first: 100) { nodes { lines { number } } } }", True),
        ("{ renameRequests(first: 100) { nodes { lines(first: 100) { number } } } }", False),
        ("{ renameRequests(first: 4) { nodes { lines { number error { code } } } } }", False),
        (
            "{ a: renameRequests(first: 4) { nodes { lines { number error { code } } } } "
            "b: renameRequests(first: 4) { nodes { lines { number error { code } } } } }",
            True,
        ),
        ("{ renameRequests { edges { node { lines { number } } } } }", True),
        ("{ renameRequests(first: 2) { edges { node { lines { number } } } } }", False),
    ],
)
def test_query_cost_counts_objects_along_each_path(query: str, refused: bool) -> None:
    codes = _codes(query)
    assert ("QUERY_TOO_COMPLEX" in codes) is refused, codes


def test_query_cost_reads_first_from_variables_and_their_defaults() -> None:
    query = "query($n: Int = 100) { renameRequests(first: $n) { nodes { lines { number } } } }"
    assert "QUERY_TOO_COMPLEX" in _codes(query)
    assert "QUERY_TOO_COMPLEX" not in _codes(query, {"n": 3})
    assert "QUERY_TOO_COMPLEX" in _codes(query, {"n": 50})


def test_query_cost_through_fragments_counts_each_spread() -> None:
    fragment = "fragment L on RenameRequest { lines { number } }"
    query = "{ renameRequests(first: 6) { nodes { ...L } } } " + fragment
    assert "QUERY_TOO_COMPLEX" not in _codes(query, max_query_cost=70_000)
    assert "QUERY_TOO_COMPLEX" in _codes(query, max_query_cost=50_000)


def test_query_too_complex_names_the_estimate_and_the_limit() -> None:
    result = build_schema(Settings(max_query_cost=1000)).execute_sync(
        "{ renameRequests(first: 10) { nodes { lines(first: 100) { number } } } }"
    )
    assert result.errors is not None
    error = result.errors[0]
    assert error.extensions == {"code": "QUERY_TOO_COMPLEX"}
    # 1 connection + 10 requests × (1 + 100 lines)
    assert "до 1011 объектов" in error.message and "не больше 1000" in error.message


def test_cyclic_fragments_are_left_to_validation() -> None:
    query = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    codes = _codes(query)
    assert "QUERY_TOO_COMPLEX" not in codes and "QUERY_TOO_WIDE" not in codes


def test_query_cost_counts_the_newest_deliveries_asked_for() -> None:
    # Invoice.deliveries is bounded: its default page (10) unless `first` asks for more.
    query = (
        "query($n: Int) { billingAccounts(first: 10) { nodes { invoices(first: 10) { nodes {"
        "%s { at results { address } } } } } } }"
    )
    plain = query % "deliveries"
    paged = query % "deliveries(first: $n)"
    assert "QUERY_TOO_COMPLEX" not in _codes(plain)
    assert "QUERY_TOO_COMPLEX" not in _codes(paged, {"n": 10})
    # 10 accounts × 10 invoices × 100 sendings × (1 + 28 results): refused.
    assert "QUERY_TOO_COMPLEX" in _codes(paged, {"n": 100})


# --- the width read from the text, before parsing ----------------------------------

WIDE = "{ " + " ".join("__typename" for _ in range(1990)) + " }"


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts graphql-core is asked to parse from now on (Strawberry's own call)."""
    seen: list[str] = []
    real = strawberry_schema.parse  # type: ignore[attr-defined]

    def counting(source: Any, **options: Any) -> Any:
        seen.append(str(source))
        return real(source, **options)

    monkeypatch.setattr(strawberry_schema, "parse", counting)
    return seen


def test_too_wide_text_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _parses(monkeypatch)
    result = SCHEMA.execute_sync(WIDE)
    assert parsed == []  # ~10 ms of graphql-core's parser on the event loop, not spent
    assert result.errors is not None and len(result.errors) == 1
    (error,) = result.errors
    # The same stable code and Russian message as the check of the parsed document.
    expected = width_refusal(parse(WIDE), Settings().max_query_fields)
    assert expected is not None
    assert error.extensions == {"code": "QUERY_TOO_WIDE"} == expected.extensions
    assert error.message == expected.message
    assert error.message.startswith("Запрос слишком широкий: можно не больше 300 полей")


def test_named_too_wide_operation_is_refused_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # An operation name, a mutation, fragments: still one refusal before parsing.
    fields = " ".join(f"f{i}: __typename" for i in range(120))
    query = f"mutation Wide {{ ...on Mutation {{ {fields} }} }} query Other {{ __typename }}"
    parsed = _parses(monkeypatch)
    result = SCHEMA.execute_sync(query, operation_name="Wide")
    assert parsed == []
    assert [(e.extensions or {}).get("code") for e in result.errors or []] == ["QUERY_TOO_WIDE"]
    assert "не больше 100 в одном наборе" in result.errors[0].message  # type: ignore[index]


def test_legal_documents_with_many_names_pass_the_text_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100 fields in one selection set, 300 in all (the limits themselves), and ~1,500
    # more names in arguments, aliases, directives, strings and comments: not refused.
    words = " ".join(f"w{i}" for i in range(300))
    sets = " ".join(
        f"a{j}: me @include(if: true) {{ {' '.join(f'l{i}: login' for i in range(100))} }}"
        for j in range(2)
    )
    sets += " " + " ".join(f"t{i}: __typename" for i in range(98))
    query = (
        f"# {words} {{ {{ {{\n"
        f'query Q($s: String = "{words} {{ }} ( ) ...", $b: String = """{words} \\""" }}""") '
        f"{{ {sets} }}"
    )
    parsed = _parses(monkeypatch)
    result = SCHEMA.execute_sync(query)
    assert parsed == [query]  # parsed and validated as before
    codes = [(e.extensions or {}).get("code") for e in result.errors or []]
    assert "QUERY_TOO_WIDE" not in codes
    assert text_field_counts(query, 2000) == _field_counts(parse(query)) == (300, 100)
    assert result.errors is not None  # `me` needs a signed-in caller: it did run
    assert all("Запрос слишком" not in e.message for e in result.errors)


def test_introspection_is_counted_as_parsed() -> None:
    query = get_introspection_query(descriptions=True)
    assert text_field_counts(query, 2000) == _field_counts(parse(query))


def test_the_text_count_stops_at_the_first_field_over_a_limit() -> None:
    # An attacker's 1,990 fields are not all read to be refused: the count stops at the
    # 101st of one selection set, or at the 301st in all; under the limits it is exact.
    wide = "{ " + "a " * 1990 + "}"
    assert text_field_counts(wide, 2000, (300, 100)) == (101, 101)
    spread = "{ " + " ".join(f"s{j} {{ {'a ' * 90}}}" for j in range(4)) + " }"
    assert text_field_counts(spread, 2000, (300, 100)) == (301, 90)
    assert text_field_counts(spread, 2000) == (364, 90)
    legal = "{ " + " ".join(f"s{j} {{ {'a ' * 90}}}" for j in range(3)) + " }"
    assert text_field_counts(legal, 2000, (300, 100)) == text_field_counts(legal, 2000)


def test_a_text_of_more_tokens_than_allowed_is_left_to_the_parser() -> None:
    # Over max_tokens the count stops (bounded work); graphql-core refuses it itself.
    assert text_field_counts("{ " + "a " * 2001 + "}", 2000) is None
    assert text_field_counts("{ " + "a " * 1998 + "}", 2000) == (1998, 1998)


# Generated documents: the text count must equal the count of the parsed document.
_NAMES = st.sampled_from(["a", "b_1", "on", "query", "fragment", "true", "__typename", "Z"])
_TYPES = st.sampled_from(["Query", "T", "on_"])
_GAPS = st.sampled_from([" ", ",", "\n", " , ", "\t", ' # c { } ( " ... @\n', "\ufeff"])
_STRINGS = st.sampled_from(
    [
        '"{ a b } ( @ ... "',
        '"esc \\" { \\u00e9 # x"',
        '""',
        '"""block { a } "" \\""" x ( """',
        '""""""',
        '"""a"b""c"""',
    ]
)


def _values() -> st.SearchStrategy[str]:
    scalars = st.one_of(
        _STRINGS,
        st.sampled_from(["1", "-2.5e3", "0", "true", "null", "RED", "$v", "on"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + " ".join(xs) + "]"),
            st.lists(st.tuples(_NAMES, inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
            ),
        ),
        max_leaves=6,
    )


_ARGS = st.lists(st.tuples(_NAMES, _values()), max_size=2).map(
    lambda kv: "(" + ", ".join(f"{k}: {v}" for k, v in kv) + ")" if kv else ""
)
_DIRECTIVES = st.lists(st.tuples(_NAMES, _ARGS), max_size=2).map(
    lambda ds: "".join(f" @{n}{a}" for n, a in ds)
)


@st.composite
def _selection_set(draw: st.DrawFn, depth: int = 0) -> str:
    items: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["field", "field", "spread", "inline", "bare"]))
        if kind == "spread":
            items.append(f"...F{draw(st.integers(0, 2))}{draw(_DIRECTIVES)}")
            continue
        inner = draw(_selection_set(depth + 1)) if depth < 2 else "{ x }"
        if kind == "inline":
            items.append(f"... on {draw(_TYPES)}{draw(_DIRECTIVES)} {inner}")
        elif kind == "bare":
            items.append(f"...{draw(_DIRECTIVES)} {inner}")
        else:
            alias = draw(st.one_of(st.just(""), _NAMES.map(lambda n: n + ": ")))
            below = draw(st.one_of(st.just(""), st.just(inner))) if depth < 2 else ""
            items.append(f"{alias}{draw(_NAMES)}{draw(_ARGS)}{draw(_DIRECTIVES)} {below}")
    gap = draw(_GAPS)
    return "{" + gap + gap.join(items) + gap + "}"


@st.composite
def _documents(draw: st.DrawFn) -> str:
    definitions = []
    for index in range(draw(st.integers(1, 3))):
        body = draw(_selection_set())
        kind = draw(st.sampled_from(["query", "mutation", "fragment", "short"]))
        if kind == "fragment":
            definitions.append(f"fragment F{index} on {draw(_TYPES)}{draw(_DIRECTIVES)} {body}")
        elif kind == "short" and index == 0:
            definitions.append(body)
        else:
            variables = draw(st.sampled_from(["", "($v: Int = 1)", '($v: [In!] = [{a: "}"}])']))
            operation = "query" if kind == "short" else kind
            definitions.append(f"{operation} Op{index}{variables}{draw(_DIRECTIVES)} {body}")
    return draw(_GAPS).join(definitions)


@hypothesis_settings(max_examples=100, deadline=None)
@given(_documents())
def test_text_count_equals_the_parsed_count(document: str) -> None:
    assert text_field_counts(document, 100_000) == _field_counts(parse(document))
