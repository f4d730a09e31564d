"""`make test-fast` (tests/unit) stays fast: no database driver, no HTTP client is imported.

The unit tests run against the domain and the fakes of tests/fakes.py. A unit test that
pulls in the database stack (infra.bootstrap, the GraphQL schema, Tortoise) belongs in
tests/api or tests/integration, beside the fixtures of the real database.
"""

from __future__ import annotations

import sys

import pytest

HEAVY = ("asyncpg", "tortoise", "aiosqlite", "httpx")


def test_unit_tests_import_no_database_driver(request: pytest.FixtureRequest) -> None:
    collected = {str(item.path) for item in request.session.items}
    if any("/tests/unit/" not in path for path in collected):
        pytest.skip("the run collected tests outside tests/unit, which import the drivers")
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"the unit tests imported {loaded[:5]}"
