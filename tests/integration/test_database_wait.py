"""A job that meets an outage of the database waits for it in place, and runs again as
soon as it answers (infra/db/database.py: through_outage), instead of waiting out the
broker's back-off after the database is back (issue 14 part 3)."""

from __future__ import annotations

import pytest

import infra.db.database as database
from infra.db.database import through_outage


class Job:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures
        self.runs = 0

    async def __call__(self) -> None:
        self.runs += 1
        if self.failures:
            raise self.failures.pop(0)


def pings(monkeypatch: pytest.MonkeyPatch, answers: list[bool]) -> list[bool]:
    asked: list[bool] = []

    async def ping(*, quiet: bool = False) -> bool:
        up = answers.pop(0) if answers else True
        asked.append(up)
        return up

    monkeypatch.setattr(database, "ping", ping)
    return asked


async def test_runs_again_as_soon_as_the_database_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = pings(monkeypatch, [False, False, True])
    job = Job([ConnectionRefusedError(111, "Connect call failed")])
    await through_outage(job, "render_document", wait_seconds=30, poll=0.01)
    assert job.runs == 2
    assert asked == [False, False, True]  # not one run before the database answered


async def test_another_error_goes_up_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = pings(monkeypatch, [])
    job = Job([ValueError("a bug")])
    with pytest.raises(ValueError):
        await through_outage(job, "render_document", wait_seconds=30, poll=0.01)
    assert job.runs == 1 and asked == []


async def test_after_its_wait_the_outage_goes_to_the_brokers_retries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pings(monkeypatch, [False] * 1000)
    job = Job([ConnectionRefusedError(111, "refused")] * 1000)
    with pytest.raises(ConnectionRefusedError):
        await through_outage(job, "render_document", wait_seconds=0.1, poll=0.01)
    assert job.runs <= 2
