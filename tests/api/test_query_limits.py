"""Issue 9: too wide or too costly documents are refused before validation and execution."""

from __future__ import annotations

import time
from typing import Any

import pytest

from infra.settings import Settings
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
    assert "Запрос слишком широкий: 1990 полей" in error.message
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
    from graphql import get_introspection_query

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
