"""D8: a call belongs to working time, non-working time or weekends and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import MINSK
from domain.worktime import CallPart, WorkCalendar, classify

CALENDAR = WorkCalendar()
# Monday 2026-10-05: an ordinary working day.
WORKDAY = date(2026, 10, 5)


def at(day: date, hour: int, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second, micro), tzinfo=MINSK)


def test_d8_nine_sharp_is_working_time() -> None:
    assert classify(at(WORKDAY, 9), CALENDAR) is CallPart.WORK


def test_d8_one_second_before_nine_is_not_working_time() -> None:
    assert classify(at(WORKDAY, 8, 59, 59), CALENDAR) is CallPart.NON_WORK
    assert classify(at(WORKDAY, 8, 59, 59, 999_999), CALENDAR) is CallPart.NON_WORK


def test_d8_one_second_before_six_is_working_time() -> None:
    assert classify(at(WORKDAY, 17, 59, 59), CALENDAR) is CallPart.WORK


def test_d8_six_sharp_is_not_working_time() -> None:
    assert classify(at(WORKDAY, 18), CALENDAR) is CallPart.NON_WORK


def test_d8_midnight_of_a_working_day_is_non_working_time() -> None:
    assert classify(at(WORKDAY, 0), CALENDAR) is CallPart.NON_WORK
    assert classify(at(WORKDAY, 23, 59, 59), CALENDAR) is CallPart.NON_WORK


def test_d8_midnight_into_a_saturday_is_weekend() -> None:
    saturday = date(2026, 10, 10)
    assert classify(at(saturday, 0), CALENDAR) is CallPart.WEEKEND_HOLIDAY
    assert classify(at(saturday, 0) - timedelta(microseconds=1), CALENDAR) is CallPart.NON_WORK


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year
        date(2026, 1, 2),  # New Year, second day (a holiday in Belarus since 2020)
        date(2026, 1, 7),  # Orthodox Christmas
        date(2025, 3, 8),  # Women's Day, on a Saturday
        date(2026, 5, 9),  # Victory Day
        date(2026, 7, 3),  # Independence Day
        date(2026, 11, 7),  # October Revolution Day
        date(2026, 12, 25),  # Catholic Christmas
    ],
)
def test_d8_public_holiday_at_noon_is_weekend_holiday(day: date) -> None:
    assert not CALENDAR.is_working_day(day)
    assert classify(at(day, 12), CALENDAR) is CallPart.WEEKEND_HOLIDAY


def test_d8_new_year_eve_evening_is_non_working_then_new_year_is_holiday() -> None:
    eve = date(2025, 12, 31)  # a Wednesday, a working day
    assert classify(at(eve, 17, 59, 59), CALENDAR) is CallPart.WORK
    assert classify(at(eve, 23, 59, 59), CALENDAR) is CallPart.NON_WORK
    assert classify(at(date(2026, 1, 1), 0), CALENDAR) is CallPart.WEEKEND_HOLIDAY


@pytest.mark.parametrize(
    ("day_off", "working_saturday"),
    [
        (date(2024, 5, 13), date(2024, 5, 18)),  # Radunitsa bridge, 2024
        (date(2024, 11, 8), date(2024, 11, 16)),
        (date(2025, 1, 6), date(2025, 1, 11)),
        (date(2025, 4, 28), date(2025, 4, 26)),
        (date(2025, 7, 4), date(2025, 7, 12)),
        (date(2025, 12, 26), date(2025, 12, 20)),
        (date(2026, 4, 20), date(2026, 4, 25)),
    ],
)
def test_d8_substituted_day_off_and_transferred_working_saturday(
    day_off: date, working_saturday: date
) -> None:
    assert day_off.weekday() < 5 and working_saturday.weekday() == 5
    assert classify(at(day_off, 10), CALENDAR) is CallPart.WEEKEND_HOLIDAY
    assert classify(at(working_saturday, 10), CALENDAR) is CallPart.WORK
    assert classify(at(working_saturday, 18), CALENDAR) is CallPart.NON_WORK


def test_d8_an_ordinary_saturday_and_sunday_are_weekend() -> None:
    assert classify(at(date(2024, 5, 11), 10), CALENDAR) is CallPart.WEEKEND_HOLIDAY
    assert classify(at(date(2024, 5, 19), 10), CALENDAR) is CallPart.WEEKEND_HOLIDAY


def test_d8_utc_input_is_read_in_minsk_time() -> None:
    # 06:00 UTC is 09:00 in Minsk (UTC+3): working time, though 06:00 itself is not.
    assert classify(datetime(2026, 10, 5, 6, 0, tzinfo=UTC), CALENDAR) is CallPart.WORK
    assert classify(datetime(2026, 10, 5, 15, 0, tzinfo=UTC), CALENDAR) is CallPart.NON_WORK
    # 22:30 UTC on Friday is 01:30 on Saturday in Minsk.
    friday_late = datetime(2026, 10, 9, 22, 30, tzinfo=UTC)
    assert classify(friday_late, CALENDAR) is CallPart.WEEKEND_HOLIDAY
    # 21:30 UTC on Dec 31 is already New Year in Minsk.
    assert classify(datetime(2025, 12, 31, 21, 30, tzinfo=UTC), CALENDAR) is (
        CallPart.WEEKEND_HOLIDAY
    )


def test_d8_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        classify(datetime(2026, 10, 5, 10, 0), CALENDAR)


def test_d8_extra_decree_days_override_the_library() -> None:
    calendar = WorkCalendar(
        extra_days_off=[date(2030, 5, 6)], extra_working_days=[date(2030, 5, 11)]
    )
    assert classify(at(date(2030, 5, 6), 10), calendar) is CallPart.WEEKEND_HOLIDAY
    assert classify(at(date(2030, 5, 11), 10), calendar) is CallPart.WORK


def test_d8_labels_are_the_users_words() -> None:
    assert [p.label for p in CallPart] == [
        "Рабочее время (09:00–18:00)",
        "Нерабочее время",
        "Выходные и праздничные дни",
    ]


# Property tests over the whole range of moments the product will see.
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(tzinfo=MINSK))
ordinary_workdays = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)).filter(
    CALENDAR.is_working_day
)


@given(moments)
def test_d8_property_part_depends_only_on_day_kind_and_local_clock(moment: datetime) -> None:
    part = classify(moment, CALENDAR)
    if not CALENDAR.is_working_day(moment.date()):
        assert part is CallPart.WEEKEND_HOLIDAY
    elif time(9) <= moment.time() < time(18):
        assert part is CallPart.WORK
    else:
        assert part is CallPart.NON_WORK


@given(moments)
def test_d8_property_the_same_instant_in_any_zone_classifies_the_same(moment: datetime) -> None:
    assert classify(moment.astimezone(UTC), CALENDAR) is classify(moment, CALENDAR)


@given(ordinary_workdays, st.integers(min_value=0, max_value=86_399))
def test_d8_property_boundaries_on_working_days(day: date, second: int) -> None:
    moment = at(day, 0) + timedelta(seconds=second)
    expected = CallPart.WORK if 9 * 3600 <= second < 18 * 3600 else CallPart.NON_WORK
    assert classify(moment, CALENDAR) is expected
    assert classify(at(day, 9), CALENDAR) is CallPart.WORK
    assert classify(at(day, 8, 59, 59), CALENDAR) is CallPart.NON_WORK
    assert classify(at(day, 17, 59, 59), CALENDAR) is CallPart.WORK
    assert classify(at(day, 18), CALENDAR) is CallPart.NON_WORK


@given(ordinary_workdays, st.integers(min_value=1, max_value=4 * 3600))
def test_d8_property_a_call_crossing_six_counts_by_its_start(day: date, duration_s: int) -> None:
    start = at(day, 18) - timedelta(seconds=1)
    end = start + timedelta(seconds=duration_s)
    assert end.time() >= time(18) or end.date() != day
    # Only the start is classified: the duration never moves a call to another part.
    assert classify(start, CALENDAR) is CallPart.WORK


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_d8_property_sundays_and_fixed_holidays_never_work(day: date) -> None:
    fixed = {(1, 1), (1, 2), (1, 7), (3, 8), (5, 1), (5, 9), (7, 3), (11, 7), (12, 25)}
    if day.weekday() == 6 or (day.month, day.day) in fixed:
        assert not CALENDAR.is_working_day(day)
