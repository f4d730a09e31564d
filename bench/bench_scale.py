"""Horizontal scale, shown (issue 14, part 6): 2 API processes and 3 workers on
PostgreSQL + RabbitMQ + an S3 object store take 1,000 repeats and 300 downloads.

- `kabinet serve` × 2 (ports of their own), `kabinet worker` × 3 (1 process, 2 threads
  each), one fresh PostgreSQL database, a RabbitMQ queue of this run alone, moto's S3
  server (tests/s3_server.py) holding every made file, a real SMTP server (aiosmtpd, in
  this process). The clock runs from 2026-11-24 12:00 Minsk in every process.
- Demo data: 2 clients, 50 billing accounts (5 subscribers each), 12 formed invoices each.
- The orders go to the two API processes in turn, 8 at a time: 1,000 `orderInvoiceEmail`
  repeats (over the invoices of 2026-10 and 2026-09: 100 invoices) and 300
  `orderInvoiceDownload`s (every account × 2 periods × 3 formats: 300 distinct jobs).
- Checked: every sending DONE and every address SENT; the SMTP server holds 1,000
  messages with 1,000 distinct Message-IDs, each the one of its sending; every job DONE
  and run once (attempts = 1), every outbox message dispatched once; every link made by
  one API process downloads (200, the file's type) from the other one.

Run: uv run python bench/bench_scale.py [--mails 1000] [--downloads 300]
     (KABINET_BENCH_POSTGRES_URL or KABINET_TEST_POSTGRES_URL, KABINET_TEST_RABBITMQ_URL)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import drills
from tests.drills import LOGIN, ORDER_FILE, ORDER_MAIL, Stage
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

START = datetime.fromisoformat("2026-11-24T12:00:00+03:00")
ACCOUNTS = "{ billingAccounts(first: 100) { nodes { id delivery { method } } } }"
JOB = "query($id: ID!) { documentJob(id: $id) { status downloadUrl } }"
TYPES = {
    "PDF": "application/pdf",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX_BREAKDOWN": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def _bounded(limit: int, jobs: list[Any]) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Any) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*[one(j) for j in jobs])


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from infra.demo import DemoSize
    from schema.ids import decode_id

    postgres = os.environ.get("KABINET_BENCH_POSTGRES_URL") or os.environ.get(
        "KABINET_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
    )
    rabbit = os.environ.get("KABINET_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    queue = f"scale{uuid.uuid4().hex[:10]}"
    moto = MotoServer()
    moto.start()
    bucket = moto.create_bucket()
    s3 = {
        "KABINET_STORAGE_URL": f"s3://{bucket}/files",
        "KABINET_S3_ENDPOINT_URL": moto.endpoint,
        "KABINET_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "KABINET_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "KABINET_S3_REGION": REGION,
    }
    root = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    url = await drills.fresh_database(postgres)
    stage = Stage(
        url, root, workers=3, servers=2, broker_url=rabbit, queue=queue, start=START,
        smtp_query="timeout=60", extra_env=s3,
    )  # fmt: skip
    figures: dict[str, Any] = {"load before": _load()}
    try:
        size = DemoSize(
            accounts_per_client=(30, 20), subscribers_per_account=5, calls_per_subscriber_month=5
        )
        await stage.start(size)
        await stage.until_workers_ready()
        figures["load at start"] = _load()
        # Both clients, each signed in once (a session works on either API process).
        tokens: dict[str, str] = {}
        accounts: list[tuple[str, str]] = []  # (login, account id)
        emailable: list[tuple[str, str]] = []  # those with e-mail delivery (D4's addresses)
        for login in ("demo", "demo2"):
            answer = await stage.graphql(LOGIN, {"i": {"login": login, "password": login}}, "")
            tokens[login] = answer.json()["data"]["login"]["token"]
            nodes = (await stage.graphql(ACCOUNTS, token=tokens[login])).json()["data"][
                "billingAccounts"
            ]["nodes"]
            accounts += [(login, n["id"]) for n in nodes]
            emailable += [(login, n["id"]) for n in nodes if n["delivery"]["method"] == "EMAIL"]
        t0 = time.monotonic()

        async def order_mail(i: int) -> int | None:
            login, account = emailable[i % len(emailable)]
            period = ("2026-10", "2026-09")[(i // len(emailable)) % 2]
            answer = await stage.graphql(
                ORDER_MAIL,
                {"i": {"billingAccountId": account, "period": period}},
                tokens[login],
                stage.bases[i % 2],
            )
            payload = answer.json()["data"]["orderInvoiceEmail"]
            assert payload["errors"] == [], payload
            return decode_id(payload["request"]["id"], "InvoiceEmailRequest")

        downloads = [
            (login, account, period, fmt)
            for login, account in accounts
            for period in ("2026-10", "2026-09")
            for fmt in ("PDF", "XLSX", "XLSX_BREAKDOWN")
        ][: args.downloads]

        async def order_file(i: int) -> tuple[str, str, int]:
            login, account, period, fmt = downloads[i]
            answer = await stage.graphql(
                ORDER_FILE,
                {"i": {"billingAccountId": account, "period": period, "format": fmt}},
                tokens[login],
                stage.bases[i % 2],
            )
            payload = answer.json()["data"]["orderInvoiceDownload"]
            assert payload["errors"] == [], payload
            return login, payload["job"]["id"], i % 2

        orders: list[Any] = [order_mail(i) for i in range(args.mails)]
        orders += [order_file(i) for i in range(len(downloads))]
        done = await _bounded(8, orders)
        mail_ids = [x for x in done[: args.mails] if x is not None]
        files = done[args.mails :]
        figures["ordering s"] = time.monotonic() - t0

        # Every sending and every job to its end.
        links: dict[str, tuple[str, str, int]] = {}
        deadline = time.monotonic() + args.timeout
        mails_done_at = files_done_at = None
        while time.monotonic() < deadline and (mails_done_at is None or files_done_at is None):
            if mails_done_at is None and await stage.until_done(mail_ids, 0.1):
                mails_done_at = time.monotonic()
            if files_done_at is None:
                for login, job, made_by in files:
                    if job in links:
                        continue
                    data = (
                        await stage.graphql(JOB, {"id": job}, tokens[login], stage.bases[made_by])
                    ).json()["data"]["documentJob"]
                    if data["status"] == "FAILED":
                        raise SystemExit(f"job {job} FAILED")
                    if data["downloadUrl"]:
                        links[job] = (login, data["downloadUrl"], made_by)
                if len(links) == len(files):
                    files_done_at = time.monotonic()
            await asyncio.sleep(1)
        figures["mails done s (from the first order)"] = (
            None if mails_done_at is None else mails_done_at - t0
        )
        figures["downloads done s (from the first order)"] = (
            None if files_done_at is None else files_done_at - t0
        )
        figures["load at end"] = _load()

        # Each link made by one API process, downloaded from the other.
        import httpx

        fetched: Counter[str] = Counter()
        async with httpx.AsyncClient(timeout=60) as http:
            for _login, link, made_by in links.values():
                other = stage.bases[1 - made_by]
                answer = await http.get(other + "/" + link.split("/", 3)[3])
                kind = answer.headers.get("content-type", "").split(";")[0]
                ok = answer.status_code == 200 and kind in TYPES.values() and answer.content
                fetched["200" if ok else f"{answer.status_code} {kind}"] += 1
        figures["links fetched from the other API process"] = dict(fetched)

        rows = await stage.sendings(mail_ids)
        received = Counter(
            {k.strip("<>").split("@")[0]: n for k, n in stage.smtp.count_by_message_id().items()}
        )
        copies = [received.get(drills.message_id(r["idempotency_key"]), 0) for r in rows]
        statuses = Counter(
            str(x["status"]) for r in rows for x in r["results"]["recipients"].values()
        )
        async with stage.sql() as conn:
            job_attempts = Counter(
                r["attempts"] for r in await conn.fetch("SELECT attempts FROM document_job")
            )
            outbox = Counter(
                r["attempts"]
                for r in await conn.fetch(
                    "SELECT attempts FROM outbox WHERE dispatched_at IS NOT NULL"
                )
            )
            undispatched = await conn.fetchval(
                "SELECT count(*) FROM outbox WHERE dispatched_at IS NULL"
            )
        figures.update(
            {
                "repeats ordered": len(mail_ids),
                "sendings DONE": sum(r["status"] == "DONE" for r in rows),
                "recipients": dict(statuses),
                "SMTP messages": len(stage.smtp.received),
                "sendings delivered": sum(1 for c in copies if c),
                "duplicates": sum(c - 1 for c in copies if c > 1),
                "downloads ordered": len(files),
                "jobs by attempts": dict(job_attempts),
                "outbox messages by dispatch attempts": dict(outbox),
                "outbox not dispatched": undispatched,
            }
        )
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=moto.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )
        objects = 0
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            objects += len(page.get("Contents", []))
        figures["objects in the S3 bucket"] = objects
        figures["mean SMTP message KiB"] = round(
            sum(len(m.raw) for m in stage.smtp.received) / max(len(stage.smtp.received), 1) / 1024
        )
    finally:
        stage.stop()
        moto.stop()
        await drills.drop_database(postgres, url)
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(rabbit))
        channel = connection.channel()
        for suffix in ("", ".DQ", ".XQ"):
            channel.queue_delete(queue=queue + suffix)
        connection.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--downloads", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    for key, value in figures.items():
        shown = f"{value:.1f}" if isinstance(value, float) else value
        print(f"{key:>42}: {shown}")
    ok = (
        figures["sendings delivered"] == figures["repeats ordered"] == figures["sendings DONE"]
        and figures["duplicates"] == 0
        and figures["SMTP messages"] == figures["repeats ordered"]
        and set(figures["jobs by attempts"]) == {1}
        and figures["links fetched from the other API process"]
        == {"200": figures["downloads ordered"]}
    )
    print("every one done exactly once" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
