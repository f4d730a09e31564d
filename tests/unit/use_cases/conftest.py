"""The use cases on fakes: a fresh world for every test (tests/unit/use_cases/world.py)."""

from __future__ import annotations

import pytest

from tests.unit.use_cases.world import World


@pytest.fixture
def world() -> World:
    return World()
