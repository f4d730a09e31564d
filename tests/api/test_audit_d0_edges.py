"""D0 at the API, with a clock that answers in UTC (as the real one does): the calendar
rules turn at Minsk's midnight, three hours before UTC's. The unit tests check the rule
functions with UTC instants; these check that the API passes "now" through unchanged in
meaning, for D2, D3, D12 and D13."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from infra.clock import FixedClock
from tests.api.menu_helpers import numbers_of
from tests.api.test_renaming import rename
from tests.db_fixtures import Api

PAY = """mutation($i: RegisterPaymentInput!) { registerPayment(input: $i) {
  payment { id } errors { code field } } }"""


async def signed_in(anon: Api, clock: FixedClock, at: datetime) -> Api:
    clock.set(at)
    return await anon.login("demo", "demo")


async def pay(api: Api, paid_on: date, number: str) -> list[tuple[str, str]]:
    data = await api(
        PAY, {"i": {"amount": "5.00", "paidOn": paid_on.isoformat(), "documentNumber": number}}
    )
    return [(e["code"], e["field"]) for e in data["registerPayment"]["errors"]]


async def test_d0_d12_today_is_minsks_date_half_an_hour_after_its_midnight(
    anon: Api, clock: FixedClock
) -> None:
    # 21:30 UTC on the 23rd is 00:30 on the 24th in Minsk.
    api = await signed_in(anon, clock, datetime(2026, 11, 23, 21, 30, tzinfo=UTC))
    assert await pay(api, date(2026, 11, 24), "Д0-1") == []  # today, not the future
    assert await pay(api, date(2026, 11, 25), "Д0-2") == [("INVALID_DATE", "paidOn")]
    assert await pay(api, date(2026, 10, 25), "Д0-3") == []  # 30 days back
    assert await pay(api, date(2026, 10, 24), "Д0-4") == [("INVALID_DATE", "paidOn")]


@pytest.mark.parametrize(
    ("at", "refused"),
    [
        (datetime(2026, 11, 28, 20, 59, tzinfo=UTC), False),  # 28th, 23:59 in Minsk
        (datetime(2026, 11, 28, 21, 0, tzinfo=UTC), True),  # 29th, 00:00 in Minsk
        (datetime(2026, 11, 30, 20, 59, tzinfo=UTC), True),  # 30th, 23:59 in Minsk
    ],
)
async def test_d0_d13_the_last_two_days_begin_at_minsks_midnight(
    anon: Api, clock: FixedClock, at: datetime, refused: bool
) -> None:
    api = await signed_in(anon, clock, at)
    number = (await numbers_of("demo"))[0]
    result: dict[str, Any] = await rename(api, [(number, "Край месяца")])
    codes = [e["code"] for e in result["errors"]]
    assert codes == (["RENAME_MONTH_END"] if refused else []), result


@pytest.mark.parametrize(
    ("at", "available"),
    [
        (datetime(2026, 11, 30, 20, 59, 59, tzinfo=UTC), True),  # 30th, 23:59:59 in Minsk
        (datetime(2026, 11, 30, 21, 0, tzinfo=UTC), False),  # 1st, 00:00 in Minsk
        (datetime(2026, 12, 3, 20, 59, 59, tzinfo=UTC), False),  # 3rd, 23:59:59 in Minsk
        (datetime(2026, 12, 3, 21, 0, tzinfo=UTC), True),  # 4th, 00:00 in Minsk
    ],
)
async def test_d0_d2_the_formation_window_opens_and_closes_at_minsks_midnight(
    anon: Api, clock: FixedClock, at: datetime, available: bool
) -> None:
    api = await signed_in(anon, clock, at)
    status = (await api("{ invoiceService { available reason resumesAt } }"))["invoiceService"]
    assert status["available"] is available, status
    if not available:
        assert status == {
            "available": False,
            "reason": "FORMATION_WINDOW",
            "resumesAt": "2026-12-04T00:00:00+03:00",
        }


@pytest.mark.parametrize(
    ("at", "periods"),
    [
        (datetime(2026, 11, 30, 20, 59, tzinfo=UTC), ["2026-10", "2026-09"]),  # still November
        # 1 December in Minsk: September falls out; November has no formed invoice yet.
        (datetime(2026, 11, 30, 21, 0, tzinfo=UTC), ["2026-10"]),
    ],
)
async def test_d0_d3_the_current_month_is_minsks(
    anon: Api, clock: FixedClock, at: datetime, periods: list[str]
) -> None:
    api = await signed_in(anon, clock, at)
    data = await api("{ billingAccounts(first: 1) { nodes { downloadablePeriods } } }")
    assert data["billingAccounts"]["nodes"][0]["downloadablePeriods"] == periods
