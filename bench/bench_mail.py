"""1,000 repeat e-mails with the PDF attached: real SMTP, Redis, two worker processes (D4).

A fresh database gets the demo data (2 clients, 5 billing accounts, 12 formed
invoices each: 60 invoices); every account's format is set to PDF. 1,000
`orderInvoiceEmail` use cases are ordered (the 60 invoices in turn), their outbox
messages relayed to Redis (a queue of this run alone), then two `kabinet worker`
processes (2 threads each) are started against a real SMTP server (aiosmtpd, in
this process) and the clock runs until every sending is DONE. The server's count
of messages and of distinct Message-IDs is checked: 1,000 and 1,000.

A formed invoice never changes, so a worker makes its files once and keeps them
(`mail/<invoice>/PDF.pdf` in the file store): 60 renders, 940 reuses. With
--cold every sending gets its own invoice number, to measure one render per mail.

Run: uv run python bench/bench_mail.py [--mails 1000] [--workers 2]
     [--redis redis://127.0.0.1:6379/14] [--postgres postgres://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._child import start_worker, stop_workers, worker_env

NOW = datetime.fromisoformat("2026-11-24T12:00:00+03:00")
PERIODS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]


async def fresh_database(postgres: str | None, folder: Path) -> tuple[str, str | None]:
    if not postgres:
        return f"sqlite://{folder / 'bench.db'}", None
    import asyncpg

    name = f"bench_mail_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(postgres)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{postgres.rsplit('/', 1)[0]}/{name}", name


async def drop_database(postgres: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(postgres)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from domain.auth import Actor
    from domain.delivery import InvoiceFormat
    from infra.bootstrap import bootstrap
    from infra.clock import FixedClock
    from infra.db import models as m
    from infra.demo import load_demo
    from infra.loops import running
    from infra.passwords import Argon2PasswordHasher
    from infra.settings import Settings
    from tests.smtp_server import SmtpServer

    folder = Path(tempfile.mkdtemp(prefix="bench_mail_"))
    url, pg_name = await fresh_database(args.postgres, folder)
    queue = f"bench{uuid.uuid4().hex[:10]}"
    smtp = SmtpServer().start()
    smtp_url = smtp.url(query="timeout=60")
    settings = Settings(
        env="test",
        database_url=url,
        broker_url=args.redis,
        queue=queue,
        smtp_url=smtp_url,
        outbox_dir=folder / "outbox",
        storage_dir=folder / "files",
        secret_key="bench-secret",
    )
    container = bootstrap(settings, clock=FixedClock(NOW), hasher=Argon2PasswordHasher(fast=True))
    procs: list[subprocess.Popen[bytes]] = []
    figures: dict[str, Any] = {}
    try:
        async with running(container, relay=True, migrate_first=True):
            await load_demo(NOW, container.hasher)
            orders: list[tuple[Actor, int, str]] = []
            for login in ("demo", "demo2"):
                admin = await m.AdminRow.get(login=login)
                actor = Actor(admin.id, admin.client_id, login)  # type: ignore[attr-defined]
                for account in await m.BillingAccountRow.filter(client_id=actor.client_id):
                    await container.delivery.settings.change_format(
                        actor, account.id, InvoiceFormat.PDF
                    )
                    orders += [(actor, account.id, p) for p in PERIODS]
            started = time.perf_counter()
            ids = []
            for i in range(args.mails):
                actor, account_id, period = orders[i % len(orders)]
                email = await container.delivery.emails.order_repeat(actor, account_id, period)
                ids.append(email.id)
            if args.cold:  # every sending its own invoice: no file is reused
                for email_id in ids:
                    row = await m.InvoiceEmailRequestRow.get(id=email_id)
                    original = await m.InvoiceRow.get(id=row.invoice_id)
                    lines = await m.InvoiceLineRow.filter(invoice_id=original.id)
                    copy = await m.InvoiceRow.get(id=row.invoice_id)
                    copy.pk = None  # type: ignore[assignment]
                    copy.number = f"B{email_id}"
                    copy.period = f"{2100 + email_id}-{original.period[5:]}"
                    await copy.save()
                    for line in lines:
                        line.pk = None  # type: ignore[assignment]
                        line.invoice_id = copy.id  # type: ignore[attr-defined]
                    await m.InvoiceLineRow.bulk_create(lines)
                    await m.InvoiceEmailRequestRow.filter(id=email_id).update(invoice_id=copy.id)
            figures["ordering_s"] = time.perf_counter() - started
            while await m.OutboxRow.filter(dispatched_at__isnull=True).count():
                await container.relay.relay_once()
            env = worker_env(
                settings, NOW, KABINET_SMTP_URL=smtp_url, KABINET_RELAY_INTERVAL_SECONDS="0.5"
            )
            t0 = time.perf_counter()
            for _ in range(args.workers):
                procs.append(start_worker(env, args.threads, quiet=True))
            first_done: float | None = None
            while True:
                done = await m.InvoiceEmailRequestRow.filter(status="DONE").count()
                if done and first_done is None:
                    first_done = time.perf_counter()
                if done >= args.mails:
                    break
                if time.perf_counter() - t0 > args.timeout:
                    raise SystemExit(f"timeout: {done} of {args.mails} done")
                await asyncio.sleep(0.1)
            t1 = time.perf_counter()
            failed = await m.InvoiceEmailRequestRow.filter(status="DONE").count()
            results = await m.InvoiceEmailRequestRow.all().values_list("results", flat=True)
            statuses = [r["status"] for raw in results for r in raw["recipients"].values()]
            figures.update(
                mails=args.mails,
                workers=args.workers,
                threads=args.threads,
                database="postgres" if args.postgres else "sqlite",
                total_s=t1 - t0,
                boot_s=(first_done or t1) - t0,
                sending_s=t1 - (first_done or t0),
                recipients_sent=statuses.count("SENT"),
                recipients_other=len(statuses) - statuses.count("SENT"),
                done=failed,
            )
    finally:
        stop_workers(procs)
        smtp.stop()
        if pg_name and args.postgres:
            await drop_database(args.postgres, pg_name)
    received = smtp.received
    message_ids = {str(r.message["Message-ID"]) for r in received}
    sizes = [len(r.raw) for r in received]
    figures.update(
        smtp_messages=len(received),
        distinct_message_ids=len(message_ids),
        mean_message_kib=sum(sizes) / max(len(sizes), 1) / 1024,
        mails_per_s=args.mails / figures["total_s"],
        mails_per_s_after_boot=args.mails / max(figures["sending_s"], 1e-9),
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="one render per mail")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--redis",
        default=os.environ.get("KABINET_TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
    )
    parser.add_argument("--postgres", default=os.environ.get("KABINET_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    for key, value in figures.items():
        print(f"{key:>24}: {value:.2f}" if isinstance(value, float) else f"{key:>24}: {value}")
    ok = figures["smtp_messages"] == figures["distinct_message_ids"] == args.mails
    print("each mail arrived exactly once" if ok else "MISMATCH: lost or doubled mails")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
