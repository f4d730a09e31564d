"""Download latency: order → DONE for a 100-subscriber account, through the real API (D3).

A SQLite database is built with the demo loader (one account per client, 100
subscribers, 30 calls per subscriber and month). The app runs in this process
(httpx over ASGI); signed in as demo, the bench orders PDF, XLSX and
XLSX_BREAKDOWN of 2026-10 and 2026-09 in turn and polls `documentJob` every
50 ms until DONE (so a latency is rounded up to the next poll). The job rows
are deleted after each run, so every order makes a fresh job. Baseline,
measured in the same run: the same renderer writing the same document (and
calls) from memory, without API, database, job or file store, so the ratio
is the plumbing's share.

Jobs run in-process by default; with --broker redis://… they go through
Redis to one `kabinet worker` subprocess (a unique queue per run).

Run: uv run python bench/bench_download.py [--repeats 10] [--broker redis://127.0.0.1:6379/14]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOW = datetime.fromisoformat("2026-11-24T12:00:00+03:00")
FORMATS = ("PDF", "XLSX", "XLSX_BREAKDOWN")
PERIODS = ("2026-10", "2026-09")
POLL_SECONDS = 0.05  # as the tests poll; the polls share the GIL with in-process jobs

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"
ACCOUNTS = "{ billingAccounts(first: 10) { nodes { id number } } }"
ORDER = """mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) {
  job { id status } errors { code message } } }"""
JOB = "query($id: ID!) { documentJob(id: $id) { id status downloadUrl error { code } } }"


async def build_database(url: str) -> None:
    from infra.db.database import close_database, migrate, open_database
    from infra.demo import DemoSize, load_demo
    from infra.passwords import Argon2PasswordHasher

    await migrate(url)
    await open_database(url)
    try:
        size = DemoSize(
            accounts_per_client=(1, 1), subscribers_per_account=100, calls_per_subscriber_month=30
        )
        await load_demo(NOW, Argon2PasswordHasher(fast=True), size)
    finally:
        await close_database()


async def measure(repeats: int, broker_url: str, folder: Path) -> dict[str, dict[str, list[float]]]:
    import httpx

    from bench._child import start_worker, stop_workers, worker_env
    from infra.bootstrap import bootstrap
    from infra.clock import FixedClock
    from infra.db import models as m
    from infra.loops import running
    from infra.passwords import Argon2PasswordHasher
    from infra.settings import Settings
    from schema.app import create_app

    url = f"sqlite://{folder / 'bench.db'}"
    await build_database(url)
    settings = Settings(
        env="test",
        database_url=url,
        broker_url=broker_url,
        queue=f"bench{uuid.uuid4().hex[:12]}",
        storage_dir=folder / "files",
        outbox_dir=folder / "outbox",
        secret_key=uuid.uuid4().hex,  # a throwaway key per run
    )
    container = bootstrap(settings, clock=FixedClock(NOW), hasher=Argon2PasswordHasher(fast=True))
    workers = [start_worker(worker_env(settings, NOW))] if broker_url else []
    figures: dict[str, dict[str, list[float]]] = {fmt: {"api": [], "bare": []} for fmt in FORMATS}
    try:
        async with running(container):
            app = create_app(container, own_lifespan=False)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

                async def gql(query: str, variables: dict[str, Any], token: str = "") -> Any:
                    headers = {"Authorization": f"Bearer {token}"} if token else {}
                    response = await http.post(
                        "/graphql", json={"query": query, "variables": variables}, headers=headers
                    )
                    body = response.json()
                    if body.get("errors"):
                        raise RuntimeError(body["errors"])
                    return body["data"]

                login = await gql(LOGIN, {"i": {"login": "demo", "password": "demo"}})
                token = login["login"]["token"]
                account = (await gql(ACCOUNTS, {}, token))["billingAccounts"]["nodes"][0]

                async def order_until_done(fmt: str, period: str) -> tuple[float, int]:
                    variables = {
                        "i": {"billingAccountId": account["id"], "period": period, "format": fmt}
                    }
                    started = time.perf_counter()
                    result = (await gql(ORDER, variables, token))["orderInvoiceDownload"]
                    if result["errors"]:
                        raise RuntimeError(result["errors"])
                    job_id = result["job"]["id"]
                    while True:
                        job = (await gql(JOB, {"id": job_id}, token))["documentJob"]
                        if job["status"] == "DONE":
                            return time.perf_counter() - started, database_id(job_id)
                        if job["status"] == "FAILED":
                            raise RuntimeError(job)
                        await asyncio.sleep(POLL_SECONDS)

                # One warm-up per format: the worker and the renderer load fonts once.
                for fmt in FORMATS:
                    await order_until_done(fmt, PERIODS[0])
                    await m.DocumentJobRow.all().delete()

                documents = container.documents
                admin = await m.AdminRow.get(login="demo")
                client_id = int(admin.client_id)  # type: ignore[attr-defined]
                for repeat in range(repeats):
                    period = PERIODS[repeat % len(PERIODS)]
                    for fmt in FORMATS:
                        seconds, job_id = await order_until_done(fmt, period)
                        figures[fmt]["api"].append(seconds)
                        figures[fmt]["bare"].append(await bare_render(documents, client_id, job_id))
                        await m.DocumentJobRow.all().delete()
    finally:
        stop_workers(workers)
    return figures


async def bare_render(documents: Any, client_id: int, job_id: int) -> float:
    """The same document by the same renderer, from memory: no API, job, database or files."""
    from domain.documents import DownloadFormat

    # A benchmark may look inside the service: the pieces the job itself uses.
    job = await documents._jobs.get(client_id, job_id)
    document = await documents._document(job)
    calls = []
    if job.format is DownloadFormat.XLSX_BREAKDOWN:
        after = 0
        while True:
            rows = await documents._calls.chunk(
                job.account_id, job.period.starts_at, job.period.ends_at, after, 10_000
            )
            calls += [record for _, record in rows]
            if len(rows) < 10_000:
                break
            after = rows[-1][0]
    renderer = documents._renderer
    out = io.BytesIO()
    started = time.perf_counter()
    if job.format is DownloadFormat.PDF:
        renderer.pdf(document, out)
    elif job.format is DownloadFormat.XLSX:
        renderer.workbook(document, out, None)
    else:
        renderer.workbook(document, out, iter(calls))
    return time.perf_counter() - started


def database_id(global_id: str) -> int:
    """The row id of a job from its global ID (base64 of "DocumentJob:7")."""
    padded = global_id + "=" * (-len(global_id) % 4)
    return int(base64.urlsafe_b64decode(padded).decode().rsplit(":", 1)[1])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--broker", default="", help="redis://… to run jobs in a worker process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(args.repeats, args.broker, Path(folder)))
    jobs = "Redis + 1 worker process" if args.broker else "in-process"
    print(f"jobs: {jobs}; {args.repeats} orders per format; 100 subscribers, 3,000 calls/month")
    print(
        f"{'format':<15} | {'API median s':>12} | {'API p95 s':>9} | {'bare median s':>13} |"
        f" {'bare p95 s':>10} | {'API/bare':>8} | {'plumbing s':>10}"
    )
    print("-" * 96)
    for fmt in FORMATS:
        api, bare = figures[fmt]["api"], figures[fmt]["bare"]
        api_median, bare_median = statistics.median(api), statistics.median(bare)
        print(
            f"{fmt:<15} | {api_median:>12.3f} | {p95(api):>9.3f} | {bare_median:>13.3f} |"
            f" {p95(bare):>10.3f} | {api_median / bare_median:>7.1f}× |"
            f" {api_median - bare_median:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
