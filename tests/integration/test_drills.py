"""The fast fault drills (issue 14, part 5) on real processes: `kabinet serve`, two
`kabinet worker`s, a real SMTP server, a redis-server and a PostgreSQL cluster of the
test's own (tests/drills.py). Each prints its figures (pytest -s) and asserts that
nothing was lost, that no mail arrived twice and that the API never answered a bare 500.

The drills that take longer than a few seconds are bench/bench_drills.py: the 60 s and
300 s SMTP outages, the server slower than the timeout (its one marked resend waits for
the ambiguity delay and a maintenance pass), a worker killed mid-send and mid-render
(its jobs wait to be found stale), the monthly run killed halfway (two runs of the
command and every new invoice rendered), with their figures in bench/README.md."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from infra.demo import DemoSize
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
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is required in CI (the drills kill and pause their own)")
        pytest.skip("redis-server not found")
    root = Path(tempfile.mkdtemp(prefix="kabinet-drills-"))
    url = await drills.fresh_database(cluster.url("postgres"))
    stage = Stage(url, root)
    try:
        await stage.start(DemoSize(accounts_per_client=(3, 2), subscribers_per_account=2))
        await stage.until_workers_ready()
        yield stage
    finally:
        stage.stop(graceful=False)  # what is measured is over; no need to wait for shutdowns


def _report(figures: Figures) -> None:
    print("\n" + figures.line())
    assert figures.lost == 0, figures
    assert figures.recover_s is not None, figures


async def test_drill_smtp_down(stage: Stage) -> None:
    figures = await drills.mail_drill(stage, "SMTP down 2 s", 6, drills.smtp_down(2))
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_4xx_on_data(stage: Stage) -> None:
    fault = drills.smtp_answer("451 4.3.0 Try again later", 2)
    figures = await drills.mail_drill(stage, "451 on DATA for 2 s", 6, fault)
    _report(figures)
    assert figures.duplicates == 0


async def test_drill_broker_killed(stage: Stage) -> None:
    figures = await drills.mail_drill(stage, "broker killed for 2 s", 6, drills.broker_killed(2))
    _report(figures)
    assert figures.duplicates == 0
    assert figures.recover_s is not None and figures.recover_s < 10, figures


async def test_drill_broker_lost_its_data(stage: Stage) -> None:
    """Redis killed and started again empty: the repeats whose messages it held are
    handed out again by the next recovery pass (the broker's mark gone), not after the
    5 minutes of `lost_after`."""
    stage.smtp.handler.answer_delay = 0.5  # most messages still wait in Redis at the kill
    try:
        fault = drills.broker_killed(1, lose_data=True)
        figures = await drills.mail_drill(
            stage, "broker killed 1 s, its data lost", 8, fault, seconds=90, before=True
        )
    finally:
        stage.smtp.handler.answer_delay = 0
    _report(figures)
    assert figures.duplicates == 0
    assert figures.recover_s is not None and figures.recover_s < 30, figures


async def test_drill_broker_paused(stage: Stage) -> None:
    figures = await drills.mail_drill(
        stage, "broker paused (SIGSTOP) for 2 s", 6, drills.broker_paused(2)
    )
    _report(figures)
    assert figures.duplicates == 0
    assert figures.recover_s is not None and figures.recover_s < 10, figures


@pytest.fixture(scope="module")
async def postgres_figures(stage: Stage, cluster: Any) -> Figures:
    """The PostgreSQL drill, run once for the two tests below."""
    return await drills.postgres_drill(stage, cluster, 6, 1, seconds=15)


async def test_drill_postgres_restarted_the_api_answers_503_then_serves(
    postgres_figures: Figures,
) -> None:
    notes = postgres_figures.notes
    assert notes["done before it stopped"] == 0  # every repeat waited across it
    answers = notes["reader answers"]
    assert 500 not in answers and 200 in answers and 503 in answers, answers
    # Part 3: the API serves within 2 s of the return.
    assert notes["API serving after s"] is not None
    assert notes["API serving after s"] < 2.0, postgres_figures


async def test_drill_postgres_restarted_what_waited_is_done_within_10_s(
    postgres_figures: Figures,
) -> None:
    # (bench/bench_drills.py also runs it with attempts under way as it stops: a race in
    # which a claimed sending may wait for its staleness, see bench/README.md.)
    _report(postgres_figures)
    assert postgres_figures.duplicates == 0
    # Part 3: the relay and workers pick up what was waiting within 10 s.
    assert postgres_figures.recover_s is not None and postgres_figures.recover_s < 10
