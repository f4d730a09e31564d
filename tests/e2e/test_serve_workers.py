"""`kabinet serve --workers 2`: two server processes on PostgreSQL, each with its own
background loops, serving requests, running each in-process job once, and stopping
cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx

from tests.db_fixtures import Backend
from tests.e2e.serving import free_port, serve_env, serving

ACCOUNTS = (
    "{ billingAccounts(first: 100) { nodes { id number "
    "invoices(first: 3) { nodes { period } } } } }"
)


async def test_serve_with_two_workers_serves_runs_jobs_once_and_stops_cleanly(
    worker_backend: Backend, tmp_path: Path
) -> None:
    url = await worker_backend.fresh_url()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = serve_env(
        tmp_path,
        base,
        url,
        KABINET_FAKE_CLOCK="frozen",
        KABINET_RELAY_INTERVAL_SECONDS="0.2",
    )
    log_path = tmp_path / "serve.log"
    with (
        log_path.open("wb") as output,
        serving(port, env, output, "--workers", "2", stop_timeout=60) as proc,
    ):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await _until_both_started(log_path)

            login = await http.post(
                "/graphql",
                json={
                    "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
                    "variables": {"i": {"login": "demo", "password": "demo"}},
                },
            )
            headers = {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}
            answers = await asyncio.gather(
                *[
                    http.post("/graphql", json={"query": ACCOUNTS}, headers=headers)
                    for _ in range(24)
                ]
            )
            bodies = [a.json() for a in answers]
            assert all(a.status_code == 200 for a in answers)
            assert all(b == bodies[0] for b in bodies) and not bodies[0].get("errors")
            account = bodies[0]["data"]["billingAccounts"]["nodes"][0]["id"]

            jobs = []
            for fmt in ("PDF", "XLSX"):
                order = await http.post(
                    "/graphql",
                    json={
                        "query": "mutation($i: OrderInvoiceDownloadInput!) { "
                        "orderInvoiceDownload(input: $i) { job { id } errors { code } } }",
                        "variables": {
                            "i": {
                                "billingAccountId": account,
                                "period": "2026-10",
                                "format": fmt,
                            }
                        },
                    },
                    headers=headers,
                )
                jobs.append(order.json()["data"]["orderInvoiceDownload"]["job"]["id"])
            status = ""
            for job in jobs:
                for _ in range(300):
                    answer = await http.post(
                        "/graphql",
                        json={
                            "query": "query($id: ID!) { documentJob(id: $id) { status } }",
                            "variables": {"id": job},
                        },
                        headers=headers,
                    )
                    status = answer.json()["data"]["documentJob"]["status"]
                    if status in ("DONE", "FAILED"):
                        break
                    await asyncio.sleep(0.2)
                assert status == "DONE"
    code = proc.returncode
    text = _log(log_path)
    assert code == 0, text[-3000:]
    assert text.count("Application startup complete") == 2, text[-3000:]
    assert text.count("Application shutdown complete") == 2, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    # Each job's message went out once, and each job ran once (two relays, one claim).
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        sent = await conn.fetch("SELECT attempts FROM outbox WHERE dispatched_at IS NOT NULL")
        runs = await conn.fetch("SELECT attempts FROM document_job")
    finally:
        await conn.close()
    assert sent and all(row["attempts"] == 1 for row in sent)
    assert len(runs) >= 2 and all(row["attempts"] == 1 for row in runs)


def _started(log_path: Path) -> int:
    return log_path.read_text(errors="replace").count("Application startup complete")


async def _until_both_started(log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _started(log_path) >= 2:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the second worker did not start")


def _log(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")
