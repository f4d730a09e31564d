"""The fast fault drills (issue 14, part 5) on real processes: `kabinet serve`, two
`kabinet worker`s, a real SMTP server, a redis-server and a PostgreSQL cluster of the
test's own (tests/drills.py). Each prints its figures (pytest -s) and asserts that
nothing was lost and that no mail arrived twice, except the one resend per unanswered
DATA the slow-server drill allows (issue 14, part 2). The long drills (a 300 s SMTP
outage, a worker killed mid-render) are bench/bench_drills.py."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests import drills
from tests.conftest import IN_CI
from tests.drills import Figures, Stage

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.smtp]


@pytest.fixture(scope="module")
async def cluster() -> AsyncIterator[Any]:
    try:
        with drills.own_postgres() as server:
            yield server
    except RuntimeError as error:
        if IN_CI:
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture(scope="module")
async def stage(cluster: Any) -> AsyncIterator[Stage]:
    root = Path(tempfile.mkdtemp(prefix="kabinet-drills-"))
    url = await drills.fresh_database(cluster.url("postgres"))
    stage = Stage(url, root)
    try:
        await stage.start()
        await stage.until_workers_ready()
        yield stage
    finally:
        stage.stop()


def _report(figures: Figures) -> None:
    print("\n" + figures.line())
    assert figures.lost == 0, figures
    assert figures.recover_s is not None, figures


async def test_drill_smtp_down(stage: Stage) -> None:
    figures = await drills.mail_drill(stage, "SMTP down 3 s", 8, drills.smtp_down(3))
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_4xx_on_data(stage: Stage) -> None:
    fault = drills.smtp_answer("451 4.3.0 Try again later", 3)
    figures = await drills.mail_drill(stage, "451 on DATA for 3 s", 8, fault)
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_smtp_slower_than_the_timeout(stage: Stage) -> None:
    # DATA's answer after 5 s, past the stage's 3 s: each such message may be there, so it
    # is sent again once, after the (3 s) delay, marked as a possible duplicate.
    figures = await drills.mail_drill(
        stage, "SMTP answers after 5 s (> 3 s)", 4, drills.smtp_slow(5, 4)
    )
    _report(figures)
    assert figures.notes["most copies"] <= 2
    assert figures.duplicates <= figures.notes["marked possible duplicate"]


async def test_drill_broker_killed(stage: Stage) -> None:
    figures = await drills.mail_drill(
        stage, "broker killed for 3 s", 8, drills.broker_killed(3), before=False
    )
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_broker_paused(stage: Stage) -> None:
    figures = await drills.mail_drill(
        stage, "broker paused (SIGSTOP) for 3 s", 8, drills.broker_paused(3), before=False
    )
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_postgres_restarted(stage: Stage, cluster: Any) -> None:
    figures = await drills.postgres_drill(stage, cluster, 8, 3)
    _report(figures)
    assert figures.duplicates == 0
    answers = figures.notes["reader answers"]
    assert 500 not in answers and 200 in answers, answers


async def test_drill_monthly_run_killed_halfway(stage: Stage) -> None:
    figures = await drills.monthly_drill(stage)
    _report(figures)
    assert figures.duplicates == 0
    notes = figures.notes
    assert notes["first run's code"] == -9  # it was killed, not finished
    assert notes["invoices"] == notes["accounts"]
    assert notes["most invoices per account"] == 1 and notes["most regular mails per invoice"] == 1
