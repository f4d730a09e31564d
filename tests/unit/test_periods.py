"""D0–D3: billing periods, the formation window, downloadable periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.periods import (
    MINSK,
    BillingPeriod,
    current_period,
    downloadable_periods,
    ensure_downloadable,
    ensure_outside_formation_window,
    ensure_repeatable,
    in_formation_window,
    service_resumes_at,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MINSK)


def test_d0_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        current_period(datetime(2026, 11, 24, 12, 0))


def test_d0_minsk_time_decides_the_month() -> None:
    # 2026-11-30 22:30 UTC is already 2026-12-01 01:30 in Minsk.
    assert current_period(datetime(2026, 11, 30, 22, 30, tzinfo=UTC)) == BillingPeriod(2026, 12)
    assert current_period(datetime(2026, 11, 30, 20, 59, tzinfo=UTC)) == BillingPeriod(2026, 11)


@pytest.mark.parametrize(
    "text",
    [
        "2026-1",
        "2026-13",
        "2026-00",
        "26-10",
        "2026/10",
        "",
        "x",
        "２０２６-10",
        "٢٠٢٦-١٠",
        "2026-10\n1",
    ],
)
def test_d1_invalid_period_text_is_refused(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        BillingPeriod.parse(text)
    assert caught.value.code is ErrorCode.INVALID_PERIOD


def test_d1_period_round_trips_and_shifts() -> None:
    period = BillingPeriod.parse("2026-01")
    assert str(period) == "2026-01"
    assert str(period.previous()) == "2025-12"
    assert str(period.shift(11)) == "2026-12"
    assert period.last_day == date(2026, 1, 31)
    assert BillingPeriod(2024, 2).last_day == date(2024, 2, 29)


def test_d1_period_is_closed_once_its_last_day_passed() -> None:
    october = BillingPeriod(2026, 10)
    assert not october.is_closed(at("2026-10-31T23:59:59"))
    assert october.is_closed(at("2026-11-01T00:00:00"))


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        ("2026-11-30T23:59:59", False),
        ("2026-12-01T00:00:00", True),
        ("2026-12-02T12:00:00", True),
        ("2026-12-03T23:59:59", True),
        ("2026-12-04T00:00:00", False),
    ],
)
def test_d2_formation_window_bounds(moment: str, inside: bool) -> None:
    assert in_formation_window(at(moment)) is inside


def test_d2_refusal_says_when_service_resumes() -> None:
    now = at("2026-12-02T10:00:00")
    assert service_resumes_at(now) == at("2026-12-04T00:00:00")
    with pytest.raises(DomainError) as caught:
        ensure_outside_formation_window(now)
    assert caught.value.code is ErrorCode.FORMATION_WINDOW
    assert "04.12.2026" in caught.value.message


def test_d3_two_months_before_current_are_downloadable() -> None:
    now = at("2026-11-24T12:00:00")
    assert [str(p) for p in downloadable_periods(now)] == ["2026-10", "2026-09"]
    assert [str(p) for p in downloadable_periods(at("2026-01-15T00:00:00"))] == [
        "2025-12",
        "2025-11",
    ]


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-11", ErrorCode.CURRENT_PERIOD),
        ("2026-08", ErrorCode.PERIOD_NOT_AVAILABLE),
        ("2026-12", ErrorCode.PERIOD_NOT_AVAILABLE),
        ("2025-10", ErrorCode.PERIOD_NOT_AVAILABLE),
    ],
)
def test_d3_other_periods_are_refused(period: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        ensure_downloadable(BillingPeriod.parse(period), at("2026-11-24T12:00:00"))
    assert caught.value.code is code


def test_d4_repeat_within_retention_window_only() -> None:
    now = at("2026-11-24T12:00:00")
    ensure_repeatable(BillingPeriod(2026, 10), now, 12)
    ensure_repeatable(BillingPeriod(2025, 11), now, 12)
    for bad in (BillingPeriod(2025, 10), BillingPeriod(2026, 11), BillingPeriod(2027, 1)):
        with pytest.raises(DomainError):
            ensure_repeatable(bad, now, 12)


def _every_day_2024_2030() -> list[date]:
    day, days = date(2024, 1, 1), []
    while day <= date(2030, 12, 31):
        days.append(day)
        day += timedelta(days=1)
    return days


def test_d2_d3_exhaustive_over_every_day_2024_2030() -> None:
    for day in _every_day_2024_2030():
        for hour, minute, second in ((0, 0, 0), (12, 30, 0), (23, 59, 59)):
            now = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=MINSK)
            current = BillingPeriod.of_date(day)
            assert in_formation_window(now) is (day.day <= 3)
            resumes = service_resumes_at(now)
            if day.day <= 3:
                assert resumes is not None
                assert resumes.date() == date(day.year, day.month, 4)
                assert (resumes.hour, resumes.minute) == (0, 0)
            else:
                assert resumes is None
            periods = downloadable_periods(now)
            assert periods == [current.previous(), current.previous().previous()]
            assert all(p.is_closed(now) for p in periods)
            assert not current.is_closed(now)


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31, 23, 59)))
def test_d1_d3_property_any_moment(naive: datetime) -> None:
    now = naive.replace(tzinfo=UTC)
    local = now.astimezone(MINSK)
    current = current_period(now)
    assert (current.year, current.month) == (local.year, local.month)
    assert current.starts_at <= now < current.ends_at
    for period in downloadable_periods(now):
        ensure_downloadable(period, now)
    with pytest.raises(DomainError):
        ensure_downloadable(current, now)


def test_d1_a_period_parsed_again_is_the_same_and_a_bad_one_is_refused_each_time() -> None:
    first = BillingPeriod.parse("2026-10")
    assert BillingPeriod.parse("2026-10") is first and first == BillingPeriod(2026, 10)
    assert BillingPeriod.parse(" 2026-10 ") == first
    for _ in range(2):
        with pytest.raises(DomainError) as refused:
            BillingPeriod.parse("２０２６-10")
        assert refused.value.code == ErrorCode.INVALID_PERIOD
