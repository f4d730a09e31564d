"""D0: KABINET_FAKE_NOW starts a clock that then runs with real time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from infra.bootstrap import make_clock
from infra.clock import FixedClock, RunningClock, SystemClock
from infra.settings import Settings

START = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class FakeReal:
    """Real time as a test moves it."""

    def __init__(self) -> None:
        self.at = datetime(2030, 5, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def test_d0_running_fake_clock_starts_at_the_given_moment_and_follows_real_time() -> None:
    real = FakeReal()
    clock = RunningClock(START, real=real)
    assert clock.now() == START
    real.at += timedelta(minutes=16, seconds=3)
    assert clock.now() == START + timedelta(minutes=16, seconds=3)


def test_d0_running_fake_clock_advances_with_the_real_clock() -> None:
    clock = RunningClock(START)
    first = clock.now()
    assert abs(first - START) < timedelta(seconds=5)
    time.sleep(0.02)
    assert clock.now() - first >= timedelta(seconds=0.02)


def test_d0_running_fake_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError):
        RunningClock(datetime(2026, 11, 24, 12, 0))


def test_d0_fake_now_runs_unless_frozen() -> None:
    assert isinstance(make_clock(Settings(env="test")), SystemClock)
    running = make_clock(Settings(env="test", fake_now=START))
    assert isinstance(running, RunningClock)
    frozen = make_clock(Settings(env="test", fake_now=START, fake_clock="frozen"))
    assert isinstance(frozen, FixedClock) and frozen.now() == START


def test_d0_worker_children_share_the_parents_clock_kind() -> None:
    demo = Settings(env="test", fake_now=START)
    assert demo.worker_env()["KABINET_FAKE_CLOCK"] == "running"
    # A moment given explicitly is a test's fixed clock: the child stands still there too.
    assert demo.worker_env(START)["KABINET_FAKE_CLOCK"] == "frozen"
    assert "KABINET_FAKE_NOW" not in Settings(env="test").worker_env()
