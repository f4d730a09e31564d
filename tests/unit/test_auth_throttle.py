"""D18: failed sign-ins are slowed by address with growing delays, never locked per login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain import auth
from domain.auth import PAIR_POLICY, ThrottlePolicy, ThrottleState

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(3, timedelta(seconds=10), timedelta(seconds=60), timedelta(hours=1))


def test_d18_free_attempts_then_delays_double_up_to_a_ceiling() -> None:
    delays = [POLICY.delay_after(n).total_seconds() for n in range(1, 9)]
    assert delays == [0, 0, 10, 20, 40, 60, 60, 60]
    assert PAIR_POLICY.delay_after(10_000) == PAIR_POLICY.max_delay


def test_d18_an_attempt_is_counted_and_blocks_once_past_the_free_ones() -> None:
    state = None
    for n in range(1, 4):
        state = auth.after_attempt(state, POLICY, T0)
        assert state.attempts == n and state.version == n
    assert state is not None and state.blocked_until == T0 + timedelta(seconds=10)
    assert auth.blocked_for(state, T0 + timedelta(seconds=4)) == timedelta(seconds=6)
    assert auth.blocked_for(state, T0 + timedelta(seconds=10)) is None


def test_d18_an_idle_counter_starts_again() -> None:
    old = ThrottleState(9, T0, T0, 7)
    fresh = auth.after_attempt(old, POLICY, T0 + timedelta(hours=2))
    assert (fresh.attempts, fresh.blocked_until, fresh.version) == (1, None, 8)


def test_d18_a_success_takes_back_only_its_own_attempt() -> None:
    before = ThrottleState(2, None, T0, 5)
    claimed = auth.after_attempt(before, POLICY, T0)  # the third: blocks for 10 s
    assert claimed.blocked_until is not None
    back = auth.taken_back(claimed, claimed, before)
    assert (back.attempts, back.blocked_until, back.version) == (2, None, 7)
    # Someone else failed in between: their block stays.
    other = auth.after_attempt(claimed, POLICY, T0)
    back = auth.taken_back(other, claimed, before)
    assert back.attempts == 3 and back.blocked_until == other.blocked_until


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("not an address", "unknown"),
    ],
)
def test_d18_attempts_are_counted_by_address_ipv6_by_its_64(address: str, key: str) -> None:
    assert auth.source_key(address) == key


def test_d18_the_login_is_kept_only_as_a_digest_per_address() -> None:
    source, pair = auth.throttle_keys(" Demo ", "203.0.113.5")
    assert source == "source:203.0.113.5"
    assert "demo" not in pair.casefold() and pair == auth.throttle_keys("demo", "203.0.113.5")[1]
    assert pair != auth.throttle_keys("demo", "203.0.113.6")[1]
    assert auth.throttle_keys("\ud800", "203.0.113.5")[1].startswith("pair:")  # never a crash


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 секунду"),
        (3, "3 секунды"),
        (11, "11 секунд"),
        (21, "21 секунду"),
        (30, "30 секунд"),
        (60, "1 минуту"),
        (61, "2 минуты"),
        (300, "5 минут"),
        (900, "15 минут"),
    ],
)
def test_d18_the_wait_is_said_in_russian(seconds: int, words: str) -> None:
    assert auth.russian_duration(seconds) == words


def test_d18_too_many_attempts_says_when_to_retry() -> None:
    error = auth.TooManyAttempts(timedelta(seconds=29.2))
    assert error.retry_after == 30 and error.code.value == "TOO_MANY_ATTEMPTS"
    assert "через 30 секунд" in error.message
