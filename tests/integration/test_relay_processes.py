"""The outbox relay in several processes (`kabinet serve --workers N`): every message is
dispatched exactly once, on SQLite (one conditional UPDATE claims) as on PostgreSQL
(SKIP LOCKED)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from domain.commands import RenderDocument
from domain.ids import JobId
from infra.bootstrap import Container
from infra.db.outbox import TortoiseOutbox

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import asyncio, pathlib, sys
from infra.db.database import close_database, open_database
from infra.db.outbox import OutboxRelay

url, out, stop = sys.argv[1:4]

class Recorder:
    # Writes each id as it is dispatched: the test sees who has taken part so far.

    def __init__(self, path):
        self.file = open(path, "a")

    def dispatch(self, command, message_id):
        self.file.write(f"{message_id} ")
        self.file.flush()

async def main():
    await open_database(url)
    recorder = Recorder(out)
    relay = OutboxRelay(recorder, batch=7)
    print("ready", flush=True)
    while True:
        stopping = pathlib.Path(stop).exists()
        sent = await relay.relay_once()
        if stopping and sent == 0:
            break
        if sent == 0:
            await asyncio.sleep(0.005)
    await close_database()
    recorder.file.close()

asyncio.run(main())
"""


def _relay_process(url: str, out: Path, stop: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(out), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _sent(folder: Path, n: int) -> list[int]:
    path = folder / f"sent-{n}"
    return [int(i) for i in path.read_text().split()] if path.exists() else []


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"relay_interval_seconds": 3600}  # this process's own relay stays out of it


async def test_outbox_relays_in_two_processes_dispatch_every_message_once(
    container: Container, tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    children = [
        _relay_process(container.settings.database_url, tmp_path / f"sent-{n}", stop)
        for n in range(2)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            line = await asyncio.to_thread(child.stdout.readline)
            assert line.strip() == "ready"
        written: list[int] = []
        # Batches until both relays have dispatched something (a loaded machine may
        # start one late), at least 30 and at most 600 (~10 s): the test is of racing
        # claims, so both must take part, whichever wins the first ones.
        for batch in range(600):
            async with in_transaction():  # no unit of work: nothing kicks a relay
                for n in range(10):
                    written.append(
                        await TortoiseOutbox().add(RenderDocument(JobId(batch * 10 + n)))
                    )
            await asyncio.sleep(0.01)
            if batch >= 29 and all(_sent(tmp_path, n) for n in range(2)):
                break
        stop.touch()
        codes = [await asyncio.to_thread(child.wait, 60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    assert codes == [0, 0]
    sent = [_sent(tmp_path, n) for n in range(2)]
    everything = sent[0] + sent[1]
    assert sorted(everything) == sorted(written)  # each once: none lost, none twice
    assert all(sent), "both relays took part"
