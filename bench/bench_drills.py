"""The fault drills of issue 14 part 5 on real processes, the long ones included.

`kabinet serve`, two `kabinet worker`s, a real SMTP server, a redis-server and a
PostgreSQL cluster of the bench's own (tests/drills.py); the clock runs (KABINET_FAKE_NOW
moving with real time, the same in every process). Each drill prints in / delivered /
duplicates / lost / time from the end of the fault to the last piece done.

Run: uv run python bench/bench_drills.py [--only NAME ...] [--outage 300] [--mails 100]
     names: smtp-down, smtp-4xx, smtp-slow, smtp-slow-within, broker-killed, broker-lost,
     broker-paused, worker-send, worker-render, postgres, monthly, smtp-long
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import drills
from tests.drills import Figures, Stage


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def _run(args: argparse.Namespace) -> list[Figures]:
    wanted = set(args.only or [])

    def on(name: str) -> bool:
        return not wanted or name in wanted

    results: list[Figures] = []

    def show(figures: Figures) -> None:
        figures.notes["load"] = _load()
        print(figures.line(), flush=True)
        results.append(figures)

    n = args.mails
    with drills.own_postgres() as cluster:
        root = Path(tempfile.mkdtemp(prefix="bench-drills-"))
        stage = Stage(await drills.fresh_database(cluster.url("postgres")), root)
        try:
            began = time.monotonic()
            await stage.start()
            await stage.until_workers_ready()
            print(f"stage up in {time.monotonic() - began:.1f} s (load {_load()})", flush=True)
            if on("smtp-down"):
                show(await drills.mail_drill(stage, "SMTP down 60 s", n, drills.smtp_down(60)))
            if on("smtp-4xx"):
                fault = drills.smtp_answer("451 4.3.0 Try again later", 30)
                show(await drills.mail_drill(stage, "451 on DATA for 30 s", n, fault))
            if on("smtp-slow"):
                # DATA answered after 5 s, past the stage's 3 s data timeout, for 20 s.
                fault = drills.smtp_slow(5, 20)
                show(await drills.mail_drill(stage, "SMTP answers after 5 s (> 3 s)", n, fault))
            if on("smtp-slow-within"):
                # DATA answered after 2 s, within the stage's 3 s: each mail once.
                fault = drills.smtp_slow(2, 20)
                show(await drills.mail_drill(stage, "SMTP answers after 2 s (< 3 s)", n, fault))
            if on("broker-killed"):
                fault = drills.broker_killed(30)
                figures = await drills.mail_drill(stage, "broker killed 30 s (AOF)", n, fault)
                show(figures)
            if on("broker-lost"):
                # Ordered first, with the SMTP server slowed (1 s an answer) so that most
                # job messages still wait in Redis when it dies and loses them.
                stage.smtp.handler.answer_delay = 1
                fault = drills.broker_killed(10, lose_data=True)
                name = "broker killed 10 s, its data lost"
                figures = await drills.mail_drill(stage, name, n, fault, seconds=900, before=True)
                stage.smtp.handler.answer_delay = 0
                show(figures)
            if on("broker-paused"):
                fault = drills.broker_paused(30)
                figures = await drills.mail_drill(stage, "broker paused 30 s", n, fault)
                show(figures)
            if on("worker-send"):
                stage.smtp.handler.answer_delay = 0.5  # sends under way when the kill comes
                fault = drills.worker_killed("invoice_email_request")
                figures = await drills.mail_drill(
                    stage, "worker killed mid-send", n, fault, seconds=900, before=True, hold=True
                )
                stage.smtp.handler.answer_delay = 0
                show(figures)
            if on("worker-render"):
                fault = drills.worker_killed("document_job")
                show(await drills.download_drill(stage, 30, fault, seconds=900))
            if on("postgres"):
                show(await drills.postgres_drill(stage, cluster, n, 10, 900))
                show(await drills.postgres_drill(stage, cluster, n, 10, 900, in_flight=True))
            if on("monthly"):
                show(await drills.monthly_drill(stage))
            if on("smtp-long"):
                fault = drills.smtp_down(args.outage)
                name = f"SMTP down {args.outage:.0f} s"
                show(await drills.mail_drill(stage, name, n, fault, seconds=args.outage + 3600))
        finally:
            stage.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--mails", type=int, default=50)
    parser.add_argument("--outage", type=float, default=300)
    args = parser.parse_args()
    print(f"load before: {_load()}", flush=True)
    results = asyncio.run(_run(args))
    bad = [f for f in results if f.lost or f.recover_s is None]
    print("nothing lost" if not bad else f"LOST in: {[f.drill for f in bad]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
