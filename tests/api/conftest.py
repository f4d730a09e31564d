"""The GraphQL API's tests run on a real database (SQLite and PostgreSQL)."""

import threading
from typing import Any

import pytest
from graphql.execution.values import get_variable_values

from tests.db_fixtures import *  # noqa: F403


@pytest.fixture
def coercions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of every graphql-core coercion of variables, in order."""
    where: list[str] = []
    original = get_variable_values

    def spy(*args: Any, **kwargs: Any) -> Any:
        where.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr("schema.bad_input.get_variable_values", spy)
    return where
