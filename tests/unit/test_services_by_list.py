"""D14: adding or removing a service for a list of subscribers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.periods import MINSK
from domain.services_by_list import (
    ServiceAction,
    ServiceOutcome,
    check_numbers,
    decide,
    history_window,
    in_history_window,
)


@pytest.mark.parametrize(
    ("action", "has_service", "tariff_allows", "outcome"),
    [
        (ServiceAction.ADD, False, True, ServiceOutcome.DONE),
        (ServiceAction.ADD, False, False, ServiceOutcome.NOT_ALLOWED),
        (ServiceAction.ADD, True, True, ServiceOutcome.ALREADY),
        (ServiceAction.ADD, True, False, ServiceOutcome.ALREADY),
        (ServiceAction.REMOVE, True, True, ServiceOutcome.DONE),
        (ServiceAction.REMOVE, True, False, ServiceOutcome.NOT_ALLOWED),
        (ServiceAction.REMOVE, False, True, ServiceOutcome.ALREADY),
        (ServiceAction.REMOVE, False, False, ServiceOutcome.ALREADY),
    ],
)
def test_d14_decide(
    action: ServiceAction, has_service: bool, tariff_allows: bool, outcome: ServiceOutcome
) -> None:
    assert decide(action, has_service, tariff_allows) is outcome


def test_d14_labels_in_russian() -> None:
    assert ServiceOutcome.DONE.label(ServiceAction.ADD) == "выполнено"
    assert ServiceOutcome.ALREADY.label(ServiceAction.ADD) == "уже подключена"
    assert ServiceOutcome.ALREADY.label(ServiceAction.REMOVE) == "уже отключена"
    assert ServiceOutcome.NOT_ALLOWED.label(ServiceAction.REMOVE) == "не разрешена на тарифе"
    assert ServiceOutcome.UNKNOWN_NUMBER.label(ServiceAction.ADD) == "неизвестный номер"


def test_d14_outcomes_map_to_line_errors() -> None:
    assert ServiceOutcome.DONE.error(ServiceAction.ADD) is None
    assert ServiceOutcome.ALREADY.error(ServiceAction.REMOVE) is None
    not_allowed = ServiceOutcome.NOT_ALLOWED.error(ServiceAction.ADD, "numbers.4")
    unknown = ServiceOutcome.UNKNOWN_NUMBER.error(ServiceAction.REMOVE, "numbers.5")
    assert not_allowed is not None and unknown is not None
    assert (not_allowed.code, not_allowed.field) == (ErrorCode.SERVICE_NOT_ALLOWED, "numbers.4")
    assert (unknown.code, unknown.field) == (ErrorCode.UNKNOWN_SUBSCRIBER, "numbers.5")
    assert [o.ok for o in ServiceOutcome] == [True, True, False, False]


@given(st.sampled_from(ServiceAction), st.booleans(), st.booleans())
def test_d14_after_done_or_already_the_subscriber_is_in_the_wanted_state(
    action: ServiceAction, has_service: bool, tariff_allows: bool
) -> None:
    outcome = decide(action, has_service, tariff_allows)
    if outcome is ServiceOutcome.DONE:
        assert tariff_allows and has_service != (action is ServiceAction.ADD)
    if outcome is ServiceOutcome.ALREADY:
        assert has_service == (action is ServiceAction.ADD)
    assert outcome is not ServiceOutcome.UNKNOWN_NUMBER


@pytest.mark.parametrize(
    ("now", "start"),
    [
        (datetime(2026, 11, 24, 15, 0, tzinfo=MINSK), datetime(2026, 9, 1, tzinfo=MINSK)),
        (datetime(2026, 1, 1, 0, 0, tzinfo=MINSK), datetime(2025, 11, 1, tzinfo=MINSK)),
        (datetime(2026, 2, 28, 23, 59, tzinfo=MINSK), datetime(2025, 12, 1, tzinfo=MINSK)),
        # 31.10 22:00 UTC is already 01.11 in Minsk: the window starts in September.
        (datetime(2026, 10, 31, 22, 0, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=MINSK)),
    ],
)
def test_d14_history_window_is_current_and_two_previous_months(
    now: datetime, start: datetime
) -> None:
    window = history_window(now)
    assert window == (start, now)


def test_d14_in_history_window_edges() -> None:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=MINSK)
    assert in_history_window(datetime(2026, 9, 1, 0, 0, tzinfo=MINSK), now)
    assert not in_history_window(datetime(2026, 8, 31, 23, 59, 59, tzinfo=MINSK), now)
    assert not in_history_window(datetime(2026, 8, 31, 20, 59, 59, tzinfo=UTC), now)
    assert in_history_window(now, now)


def test_d14_check_numbers_normalizes_and_refuses_per_line() -> None:
    checks = check_numbers(["8 029 123-45-67", "oops", "+375291234567", "+375 33 111-22-33"])
    assert [c.normalized for c in checks] == ["+375291234567", None, None, "+375331112233"]
    assert [c.ok for c in checks] == [True, False, False, True]
    assert checks[1].error is not None and checks[2].error is not None
    assert (checks[1].error.code, checks[1].error.field) == (ErrorCode.INVALID_NUMBER, "numbers.1")
    assert (checks[2].error.code, checks[2].error.field) == (
        ErrorCode.DUPLICATE_NUMBER,
        "numbers.2",
    )
    assert checks[2].number == "+375291234567"


def test_d14_list_size_limits() -> None:
    assert len(check_numbers([f"+37529{i:07d}" for i in range(10_000)])) == 10_000
    with pytest.raises(DomainError) as too_long:
        check_numbers([f"+37529{i:07d}" for i in range(10_001)])
    assert (too_long.value.code, too_long.value.field) == (ErrorCode.LIST_TOO_LONG, "numbers")
    with pytest.raises(DomainError) as empty:
        check_numbers([])
    assert empty.value.code is ErrorCode.LIST_EMPTY
