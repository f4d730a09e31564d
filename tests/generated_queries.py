"""hypothesis-graphql's queries of a schema, drawn deterministically (no shrinking, no
example database: the same list on every run, and a failure names its query)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_graphql import queries


def draw_queries(schema: Any, count: int) -> list[str]:
    """Up to `count` distinct queries of `schema` (SDL text or a GraphQLSchema)."""
    found: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(queries(schema))
    def collect(query: str) -> None:
        found.append(query)

    collect()
    return list(dict.fromkeys(found))
