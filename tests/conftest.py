"""What every test folder shares, and nothing that is slow to import.

The database and HTTP fixtures (`backend`, `container`, `client`, `anon`, `demo`, …) live
in tests/db_fixtures.py and are imported by the conftest of each folder that uses them
(tests/api, tests/integration, tests/e2e): the unit tests (tests/unit, `make test-fast`)
import no database driver, and tests/unit/test_fast_suite.py checks that they do not.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings

from infra.clock import FixedClock

MINSK = ZoneInfo("Europe/Minsk")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=MINSK)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_URL = os.environ.get("KABINET_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("KABINET_TEST_REDIS_URL", "")
RABBITMQ_URL = os.environ.get("KABINET_TEST_RABBITMQ_URL", "")

# `make test-fast` picks the fast profile (--hypothesis-profile=fast); the default one
# stays hypothesis's own (100 examples a property).
settings.register_profile(
    "fast", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def require(url: str, what: str) -> str:
    """A real service the test needs: missing is a failure in CI, a skip elsewhere."""
    if not url:
        if IN_CI:
            pytest.fail(f"{what} is required in CI but its URL is not set")
        pytest.skip(f"{what} not configured")
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def workdir() -> Iterator[Path]:
    yield Path(__file__).resolve().parent.parent


def __getattr__(name: str) -> Any:
    """`from tests.conftest import Api` (or Backend, _build_template) as before the
    fixtures moved: imported from tests/db_fixtures.py only when asked for."""
    if name in ("Api", "Backend", "_build_template"):
        from tests import db_fixtures

        return getattr(db_fixtures, name)
    raise AttributeError(name)


logging.getLogger("fontTools").setLevel(logging.WARNING)
