"""A worker process for the heartbeat tests: renders one document job, slowly.

`python -m tests.slow_render <job id> <seconds>` with the KABINET_* settings of the
test's container (Settings.worker_env): it runs the real job code (claim, heartbeats,
render, finish) with a renderer that takes `seconds` per file, so the test can kill it
mid-render, or let it run long past the staleness limit.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable
from typing import BinaryIO

from domain.documents import CallRecord, InvoiceDocument
from domain.ids import JobId
from infra.bootstrap import bootstrap
from infra.loops import running
from infra.settings import Settings


class SlowRenderer:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        time.sleep(self.seconds)  # in the job's worker thread, as a real render
        out.write(b"%PDF-1.4 slow render\n")

    def workbook(
        self, document: InvoiceDocument, out: BinaryIO, calls: Iterable[CallRecord] | None = None
    ) -> None:
        time.sleep(self.seconds)
        out.write(b"PK slow render\n")


async def main(job_id: JobId, seconds: float) -> None:
    container = bootstrap(Settings(), renderer=SlowRenderer(seconds))
    async with running(container, relay=False, maintenance=False):
        await container.documents.render(job_id)


if __name__ == "__main__":
    asyncio.run(main(JobId(int(sys.argv[1])), float(sys.argv[2])))
