"""D0 under KABINET_FAKE_NOW: the demo clock runs on, and every time is shown in Minsk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from infra.bootstrap import Container
from infra.clock import RunningClock
from tests.api.test_documents import order, wait_done
from tests.conftest import NOW
from tests.db_fixtures import Api


class MovableReal:
    """The real time behind the demo clock, moved by the test (no sleeping)."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        self.at += timedelta(milliseconds=1)  # real time never stands still
        return self.at


@pytest.fixture
def real() -> MovableReal:
    return MovableReal()


@pytest.fixture
def clock(real: MovableReal) -> RunningClock:
    return RunningClock(NOW, real=real)


JOB_TIMES = "query($id: ID!) { documentJob(id: $id) { status createdAt finishedAt } }"


async def test_d0_a_job_under_fake_now_takes_time(demo: Api, container: Container) -> None:
    accounts = await demo("{ billingAccounts(first: 1) { nodes { id downloadablePeriods } } }")
    account = accounts["billingAccounts"]["nodes"][0]
    result = await order(demo, account["id"], account["downloadablePeriods"][0], "PDF")
    assert result["errors"] == []
    await wait_done(demo, result["job"]["id"], container)
    job = (await demo(JOB_TIMES, {"id": result["job"]["id"]}))["documentJob"]
    assert job["status"] == "DONE"
    created = datetime.fromisoformat(job["createdAt"])
    finished = datetime.fromisoformat(job["finishedAt"])
    assert finished > created
    assert abs(created - NOW) < timedelta(minutes=5)  # the demo's day, not today


async def test_d0_every_time_in_the_api_is_minsk_time(demo: Api, container: Container) -> None:
    accounts = await demo("{ billingAccounts(first: 1) { nodes { id downloadablePeriods } } }")
    account = accounts["billingAccounts"]["nodes"][0]
    result = await order(demo, account["id"], account["downloadablePeriods"][0], "PDF")
    await wait_done(demo, result["job"]["id"], container)
    job = (await demo(JOB_TIMES, {"id": result["job"]["id"]}))["documentJob"]
    data = await demo(
        """{ billingAccounts(first: 1) { nodes { delivery { validFrom }
             invoices(first: 1) { nodes { formedAt deliveries { at results { at } } } } } }
           auditLog(first: 5) { nodes { at } } }"""
    )
    node = data["billingAccounts"]["nodes"][0]
    invoice = node["invoices"]["nodes"][0]
    times = [job["createdAt"], job["finishedAt"], node["delivery"]["validFrom"]]
    times.append(invoice["formedAt"])
    for delivery in invoice["deliveries"]:
        times.append(delivery["at"])
        times.extend(r["at"] for r in delivery["results"] if r["at"])
    times.extend(e["at"] for e in data["auditLog"]["nodes"])
    assert len(times) >= 5
    assert all(t.endswith("+03:00") for t in times), times


async def test_d18_sign_in_lock_expires_under_fake_now(anon: Api, real: MovableReal) -> None:
    for _ in range(5):
        await anon.raw(
            'mutation { login(input: {login: "demo", password: "bad"}) { errors { code } } }'
        )
    locked = await anon(
        'mutation { login(input: {login: "demo", password: "demo"}) { token errors { code } } }'
    )
    assert locked["login"]["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    real.at += timedelta(minutes=16)  # real time passes; the demo clock follows it
    again = await anon(
        'mutation { login(input: {login: "demo", password: "demo"}) { token errors { code } } }'
    )
    assert again["login"]["errors"] == []
