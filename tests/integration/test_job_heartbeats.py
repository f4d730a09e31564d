"""Heartbeats: a job whose worker died runs again within seconds; a long job that keeps
beating is never taken from its worker (issue 14, part 3; domain/job_store.py).

Real processes on both back ends: a worker process (tests/slow_render.py) claims a
document job and renders it slowly, touching it every KABINET_JOB_HEARTBEAT_SECONDS,
while this process runs the real recovery loop (infra/recovery_loop.py) and an
in-process worker. Short settings stand in for the defaults (5 s beats, dead after
15 s, a pass every 5 s: ≤ 20 s from the last beat to the job running again).
Both processes run the system clock: a heartbeat's time is the worker's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.ids import JobId
from domain.jobs import JobStatus
from infra.bootstrap import Container
from infra.clock import SystemClock
from infra.db import models as m
from infra.recovery_loop import run_recovery
from infra.settings import Settings

DEAD_AFTER = 2.0
HEARTBEAT = 0.3
PASS_EVERY = 0.3


@pytest.fixture
def clock() -> SystemClock:
    return SystemClock()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "job_heartbeat_seconds": HEARTBEAT,
        "job_dead_after_seconds": DEAD_AFTER,
        "recovery_interval_seconds": PASS_EVERY,
        "job_retry_backoff_seconds": 0.05,
    }


@pytest.fixture
async def recovering(container: Container) -> AsyncIterator[None]:
    """The real recovery loop of this process, at the short pace."""
    stopping = asyncio.Event()
    task = asyncio.create_task(run_recovery(container.recovery, PASS_EVERY, stopping))
    yield
    stopping.set()
    await task


class SlowWorker:
    def __init__(self, container: Container, workdir: Path) -> None:
        self.env = {**os.environ, **container.settings.worker_env()}
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, job_id: JobId, seconds: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.slow_render", str(job_id), str(seconds)],
            cwd=self.workdir,
            env=self.env,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def wait(self, seconds: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=seconds)


@pytest.fixture
def worker(container: Container, workdir: Path) -> Iterator[SlowWorker]:
    w = SlowWorker(container, workdir)
    yield w
    with contextlib.suppress(ProcessLookupError):
        w.kill()


async def _job(container: Container) -> m.DocumentJobRow:
    """A queued job of a formed invoice (no outbox message: only the test's worker runs it)."""
    admin = await m.AdminRow.get(login="demo")
    account = await m.BillingAccountRow.filter(client_id=admin.client_id).order_by("number").first()  # type: ignore[attr-defined]
    assert account is not None
    return await m.DocumentJobRow.create(
        client_id=admin.client_id,  # type: ignore[attr-defined]
        account_id=account.id,
        period="2026-10",
        format="PDF",
        status="QUEUED",
        created_at=container.clock.now(),
    )


async def _until(job_id: JobId, seconds: float, done: Any) -> m.DocumentJobRow:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = await m.DocumentJobRow.get(id=job_id)
        if done(row):
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} stayed {row.status}, attempt {row.attempts}")


async def test_d3_a_job_whose_worker_died_runs_again_within_30_seconds(
    container: Container, worker: SlowWorker, recovering: None
) -> None:
    job = await _job(container)
    worker.start(JobId(job.id), seconds=120)  # would render for two minutes
    running = await _until(
        JobId(job.id), 60, lambda r: r.status == JobStatus.RUNNING.value and r.attempts == 1
    )
    # Its heartbeats move touched_at while it renders.
    await _until(JobId(job.id), 10, lambda r: r.touched_at > running.touched_at)
    worker.kill()
    killed = time.monotonic()
    # Not taken away at once: only a missing heartbeat marks the worker dead.
    await asyncio.sleep(DEAD_AFTER / 2)
    row = await m.DocumentJobRow.get(id=job.id)
    assert (row.status, row.attempts) == (JobStatus.RUNNING.value, 1)
    again = await _until(JobId(job.id), 30, lambda r: r.attempts == 2)
    rerun_after = time.monotonic() - killed
    assert rerun_after < 30, rerun_after
    assert again.status in (JobStatus.RUNNING.value, JobStatus.DONE.value)
    done = await _until(JobId(job.id), 60, lambda r: r.status in (JobStatus.DONE.value, "FAILED"))
    assert (done.status, done.attempts, done.error_code) == (JobStatus.DONE.value, 2, None)
    print(f"dead worker's job running again {rerun_after:.1f} s after the kill")


async def test_d3_a_long_job_that_keeps_its_heartbeat_is_not_taken_away(
    container: Container, worker: SlowWorker, recovering: None
) -> None:
    messages = await m.OutboxRow.all().count()
    job = await _job(container)
    render = 4 * DEAD_AFTER  # far past the staleness limit, beating all along
    worker.start(JobId(job.id), seconds=render)
    await _until(JobId(job.id), 60, lambda r: r.status == JobStatus.RUNNING.value)
    assert worker.wait(60) == 0
    row = await m.DocumentJobRow.get(id=job.id)
    assert (row.status, row.attempts) == (JobStatus.DONE.value, 1)
    assert row.finished_at is not None and row.started_at is not None
    assert row.finished_at - row.started_at >= timedelta(seconds=render)
    # Never handed out again: no new message, and the file is the slow worker's.
    assert await m.OutboxRow.all().count() == messages
    made = container.files.local_path(str(row.file_key))
    assert made is not None and made.read_bytes().startswith(b"%PDF-1.4 slow")


def test_the_default_settings_rerun_a_dead_workers_job_within_30_seconds() -> None:
    settings = Settings(env="test")
    policy = settings.job_policy()
    worst = policy.dead_after.total_seconds() + settings.recovery_interval_seconds
    assert policy.heartbeat.total_seconds() < policy.dead_after.total_seconds() / 2
    assert worst <= 30
