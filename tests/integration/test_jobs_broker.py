"""Jobs through a real broker and real `kabinet worker` processes (outbox, retries, crashes)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.auth import Actor
from domain.documents import DownloadFormat
from domain.ids import AccountId, AdminId, JobId
from domain.jobs import JobStatus
from infra.bootstrap import Container
from infra.db import models as m
from infra.loops import maintain_once
from tests.conftest import NOW

pytestmark = pytest.mark.usefixtures("worker_backend")


@pytest.fixture
def settings_overrides(broker_url: str, queue: str) -> dict[str, Any]:
    return {"broker_url": broker_url, "queue": queue}


class Workers:
    def __init__(self, container: Container, workdir: Path) -> None:
        self.container = container
        self.workdir = workdir
        self.procs: list[subprocess.Popen[bytes]] = []
        self.extra_env: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        settings = self.container.settings
        return {
            **os.environ,
            **settings.worker_env(self.container.clock.now()),
            "KABINET_RELAY_INTERVAL_SECONDS": "0.2",
            **self.extra_env,
        }

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            self.procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "infra.cli",
                        "worker",
                        "--processes",
                        "1",
                        "--threads",
                        "2",
                    ],
                    cwd=self.workdir,
                    env=self.env(),
                    start_new_session=True,
                )
            )

    def kill(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        self.procs.clear()

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                # To `kabinet worker` alone, as a service manager would: it passes one
                # SIGTERM on to Dramatiq, which passes it on to its worker processes once
                # (a second one, sent to the whole
                # group, made each worker "kill" itself half-way and hang until SIGKILL).
                os.kill(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            # Whatever is left of the group (a worker stuck in shutdown) goes too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        self.procs.clear()


@pytest.fixture
def workers(container: Container, workdir: Path) -> Iterator[Workers]:
    w = Workers(container, workdir)
    yield w
    w.stop()


@pytest.fixture
async def actor(container: Container) -> AsyncIterator[Actor]:
    admin = await m.AdminRow.get(login="demo")
    yield Actor(AdminId(admin.id), admin.client_id, "demo")  # type: ignore[attr-defined]


async def _account_id(actor: Actor) -> int:
    row = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by("number").first()
    assert row is not None
    return int(row.id)


async def _wait_status(job_id: JobId, *statuses: JobStatus, seconds: float = 60) -> str:
    for _ in range(int(seconds * 10)):
        row = await m.DocumentJobRow.get(id=job_id)
        if row.status in {s.value for s in statuses}:
            return str(row.status)
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} stayed {row.status}")


async def test_jobs_run_in_worker_processes_through_the_broker(
    container: Container, workers: Workers, actor: Actor
) -> None:
    workers.start(2)
    account = await _account_id(actor)
    jobs = [
        await container.documents.order_download(actor, AccountId(account), "2026-10", fmt)
        for fmt in DownloadFormat
    ]
    for job in jobs:
        assert await _wait_status(job.id, JobStatus.DONE, JobStatus.FAILED) == "DONE"
    dispatched = await m.OutboxRow.filter(dispatched_at__isnull=False).count()
    assert dispatched >= 3


async def test_worker_processes_serve_their_job_and_mail_metrics(
    container: Container, workers: Workers, actor: Actor
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workers.extra_env["KABINET_METRICS_PORT"] = str(port)
    workers.start(1)
    job = await container.documents.order_download(
        actor, AccountId(await _account_id(actor)), "2026-10", DownloadFormat.XLSX
    )
    assert await _wait_status(job.id, JobStatus.DONE, JobStatus.FAILED) == "DONE"
    text = ""
    async with httpx.AsyncClient(timeout=2) as http:
        for _ in range(50):
            with contextlib.suppress(httpx.HTTPError):
                text = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
                if 'outcome="ok"' in text:
                    break
            await asyncio.sleep(0.2)
    runs = [
        line
        for line in text.splitlines()
        if line.startswith("kabinet_job_runs_total{") and 'outcome="ok"' in line
    ]
    assert runs and float(runs[0].rpartition(" ")[2]) >= 1, text[:2000]


async def test_outbox_survives_a_crash_between_commit_and_send(
    container: Container, workers: Workers, actor: Actor
) -> None:
    # The API "crashes" right after commit: the relay never ran, the job stays in the outbox.
    container.relay.stop()
    account = await _account_id(actor)
    job = await container.documents.order_download(
        actor, AccountId(account), "2026-09", DownloadFormat.PDF
    )
    await asyncio.sleep(0.5)
    assert await m.OutboxRow.filter(dispatched_at__isnull=True).count() == 1
    # A restarted process (here the worker's own relay) sends it; nothing was lost.
    workers.start(1)
    assert await _wait_status(job.id, JobStatus.DONE, JobStatus.FAILED) == "DONE"


async def test_a_job_whose_worker_died_is_taken_up_again(
    container: Container, workers: Workers, actor: Actor
) -> None:
    account = await _account_id(actor)
    job = await container.documents.order_download(
        actor, AccountId(account), "2026-10", DownloadFormat.PDF
    )
    # Simulate a worker that took the job and died: RUNNING, its last heartbeat long ago.
    await m.DocumentJobRow.filter(id=job.id).update(
        status="RUNNING",
        started_at=NOW - timedelta(minutes=10),
        touched_at=NOW - timedelta(minutes=10),
        attempts=1,
    )
    await m.OutboxRow.filter().update(dispatched_at=NOW)  # its message was consumed and lost
    await maintain_once(container)
    workers.start(1)
    assert await _wait_status(job.id, JobStatus.DONE, JobStatus.FAILED, seconds=90) == "DONE"
    row = await m.DocumentJobRow.get(id=job.id)
    assert row.attempts == 2


async def test_a_killed_worker_loses_nothing(
    container: Container, workers: Workers, actor: Actor
) -> None:
    account = await _account_id(actor)
    workers.start(1)
    job = await container.documents.order_download(
        actor, AccountId(account), "2026-10", DownloadFormat.XLSX_BREAKDOWN
    )
    await asyncio.sleep(0.3)
    workers.kill()
    # Whatever state the kill left, recovery plus a new worker brings the job to DONE.
    container.clock.advance(timedelta(minutes=6))  # type: ignore[attr-defined]
    await maintain_once(container)
    workers.start(1)
    assert await _wait_status(job.id, JobStatus.DONE, JobStatus.FAILED, seconds=90) == "DONE"


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (comm) state ppid …": comm may hold spaces, so split after its ")".
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


async def _only_child(pid: int, seconds: float = 60) -> int:
    for _ in range(int(seconds * 10)):
        kids = _children(pid)
        if len(kids) == 1:
            return kids[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"process {pid} has children {_children(pid)}")


async def test_a_crashed_worker_process_is_started_again_and_jobs_still_run(
    container: Container, workers: Workers, actor: Actor, broker_url: str
) -> None:
    if broker_url.startswith("amqp"):
        pytest.skip("the supervisor does not depend on the broker: run once, on Redis")
    account = await _account_id(actor)
    workers.start(1)
    first = await container.documents.order_download(
        actor, AccountId(account), "2026-10", DownloadFormat.XLSX
    )
    assert await _wait_status(first.id, JobStatus.DONE, JobStatus.FAILED) == "DONE"
    supervisor = workers.procs[0]
    dramatiq_main = await _only_child(supervisor.pid)
    worker_process = await _only_child(dramatiq_main)
    os.kill(worker_process, signal.SIGKILL)  # a crash: Dramatiq's own supervisor gives up
    # `kabinet worker` starts Dramatiq again, and it takes jobs again.
    for _ in range(300):
        kids = _children(supervisor.pid)
        if kids and kids != [dramatiq_main]:
            break
        await asyncio.sleep(0.1)
    assert supervisor.poll() is None
    assert kids and kids != [dramatiq_main], kids
    second = await container.documents.order_download(
        actor, AccountId(account), "2026-09", DownloadFormat.XLSX
    )
    assert await _wait_status(second.id, JobStatus.DONE, JobStatus.FAILED) == "DONE"
    # A stop asked for ends it (code 0), without a restart.
    os.kill(supervisor.pid, signal.SIGTERM)
    assert await asyncio.to_thread(supervisor.wait, 60) == 0
