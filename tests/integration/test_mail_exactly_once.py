"""Exactly-once mail on every back end: processes race for the same sendings (D4; issue 14, 1).

Four processes, each with its own database connection, run the sending job of the same
12 sendings at the same moment, each in its own order and all at once. On SQLite and
on PostgreSQL, every mail reaches the (real) SMTP server exactly once.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from domain.ids import AccountId
from infra.bootstrap import Container
from infra.db import models as m
from tests.conftest import REDIS_URL, require
from tests.integration.test_smtp_mailer import demo_actor
from tests.smtp_server import SmtpServer

pytestmark = pytest.mark.smtp

CLAIMER = """
import asyncio, os, random, sys
from infra.bootstrap import bootstrap
from infra.loops import running
from infra.settings import Settings

async def main() -> None:
    ids = [int(x) for x in sys.argv[1].split(",")]
    container = bootstrap(Settings())
    async with running(container, relay=False, maintenance=False):
        print("ready", flush=True)
        while not os.path.exists(sys.argv[2]):
            await asyncio.sleep(0.005)
        random.shuffle(ids)
        await asyncio.gather(*(container.delivery.emails.send(i) for i in ids))

asyncio.run(main())
"""


def claimer(
    ids: Sequence[int], go: Path, workdir: Path, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CLAIMER, ",".join(map(str, ids)), str(go)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def settings_overrides(smtp: SmtpServer, tmp_path: Path) -> dict[str, Any]:
    # A broker queue nobody reads: the orders' job messages go there, so that only the
    # claimers below run the jobs.
    url = require(REDIS_URL, "Redis")
    return {"smtp_url": smtp.url(), "broker_url": url, "queue": f"unread-{tmp_path.name[-20:]}"}


async def test_d4_four_processes_racing_for_12_sendings_mail_each_exactly_once(
    container: Container, smtp: SmtpServer, workdir: Path, tmp_path: Path
) -> None:
    actor = await demo_actor()
    accounts = await m.BillingAccountRow.filter(client_id=actor.client_id).order_by("id")
    pairs = [(a.id, p) for p in ("2026-10", "2026-09", "2026-08", "2026-07") for a in accounts]
    ids = [
        (await container.delivery.emails.order_repeat(actor, AccountId(account), period)).id
        for account, period in pairs[:12]
    ]
    assert len(ids) == 12
    go = tmp_path / "go"
    env = {
        **os.environ,
        **container.settings.worker_env(container.clock.now()),
        "KABINET_SMTP_URL": smtp.url(),
    }
    procs = [claimer(ids, go, workdir, env) for _ in range(4)]
    try:
        for proc in procs:  # every claimer has its connection open
            assert proc.stdout is not None
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 120)
            assert line.strip() == b"ready", proc.stderr.read() if proc.stderr else line
        go.touch()
        codes = [await asyncio.to_thread(proc.wait, 120) for proc in procs]
        errors = [proc.stderr.read().decode()[-2000:] for proc in procs if proc.stderr]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    assert codes == [0, 0, 0, 0], errors
    rows = await m.InvoiceEmailRequestRow.filter(id__in=ids)
    assert all(row.status == "DONE" for row in rows), [(r.id, r.status) for r in rows]
    assert all(
        {r["status"] for r in row.results["recipients"].values()} == {"SENT"} for row in rows
    )
    by_id = smtp.count_by_message_id()
    assert len(by_id) == 12 and set(by_id.values()) == {1}, by_id
