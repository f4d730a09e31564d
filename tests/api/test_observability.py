"""/metrics (Prometheus) and structured logs: counters after requests, JSON lines with the
operation's fields and never a token or a password; the production guard of /metrics."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.logs import ContextFilter, JsonFormatter, TextFormatter, configure_logging, scrub
from tests.db_fixtures import Api

ORDER = """mutation Order($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) {
  job { id status } errors { code } } }"""
EMAIL = """mutation Repeat($i: OrderInvoiceEmailInput!) { orderInvoiceEmail(input: $i) {
  request { id status } errors { code } } }"""
JOB = "query Job($id: ID!) { documentJob(id: $id) { status } }"
ACCOUNT = "query Accounts { billingAccounts(first: 1) { nodes { id } } }"


def sample(text: str, name: str, **labels: str) -> float:
    """The sum of the series of `name` with these labels in Prometheus text, 0 when absent."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', series))
        if series.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
            total += float(value)
    return total


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_metrics_count_requests_errors_jobs_and_mails(
    client: httpx.AsyncClient, anon: Api, demo: Api
) -> None:
    before = await scrape(client)
    account = (await demo(ACCOUNT))["billingAccounts"]["nodes"][0]["id"]
    body = await Api(client, "not-a-token").raw("query Accounts { me { login } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    refused = await demo(
        ORDER, {"i": {"billingAccountId": account, "period": "1999-01", "format": "PDF"}}
    )
    assert refused["orderInvoiceDownload"]["errors"], refused
    job = (
        await demo(
            ORDER, {"i": {"billingAccountId": account, "period": "2026-10", "format": "XLSX"}}
        )
    )["orderInvoiceDownload"]["job"]
    await demo(EMAIL, {"i": {"billingAccountId": account, "period": "2026-10"}})
    for _ in range(200):
        if (await demo(JOB, {"id": job["id"]}))["documentJob"]["status"] in ("DONE", "FAILED"):
            break
        await asyncio.sleep(0.05)
    after = ""
    for _ in range(100):  # the repeat by e-mail runs in-process too
        after = await scrape(client)
        if sample(after, "kabinet_mails_total", result="sent") > sample(
            before, "kabinet_mails_total", result="sent"
        ):
            break
        await asyncio.sleep(0.05)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("kabinet_graphql_requests_total", operation="Accounts", type="query") == 2
    assert grew("kabinet_graphql_request_duration_seconds_count", operation="Accounts") == 2
    assert grew("kabinet_graphql_requests_total", operation="Order", type="mutation") == 2
    assert grew("kabinet_graphql_errors_total", code="UNAUTHENTICATED") == 1
    assert grew("kabinet_graphql_errors_total") >= 2  # and the refused period's code
    assert grew("kabinet_job_runs_total", outcome="ok") >= 1
    assert grew("kabinet_job_duration_seconds_count") >= 1
    assert sample(after, "kabinet_jobs", kind="document", status="DONE") >= 1
    assert grew("kabinet_mails_total", result="sent") >= 1
    assert "kabinet_outbox_depth " in after and "kabinet_outbox_oldest_age_seconds " in after


RENAME = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id } errors { code } } }"""


async def test_payload_errors_are_counted_by_code_each_time(
    client: httpx.AsyncClient, demo: Api
) -> None:
    """Each UserError answered counts once under its code (the counter of a code is
    looked up once, then reused: the second list counts as the first did)."""
    unknown = [{"number": f"+37529000000{i}", "name": "Кто-то"} for i in (1, 2)]
    before = await scrape(client)
    for _ in range(2):
        answer = await demo(RENAME, {"i": {"items": unknown, "dryRun": True}})
        codes = [e["code"] for e in answer["renameSubscribers"]["errors"]]
        assert codes == ["LIST_HAS_ERRORS", "UNKNOWN_SUBSCRIBER", "UNKNOWN_SUBSCRIBER"]
    after = await scrape(client)

    def grew(code: str) -> float:
        name = "kabinet_graphql_errors_total"
        return sample(after, name, code=code) - sample(before, name, code=code)

    assert grew("UNKNOWN_SUBSCRIBER") == 4
    assert grew("LIST_HAS_ERRORS") == 2


@pytest.mark.parametrize(
    ("settings_overrides", "header", "status"),
    [
        ({"env": "production"}, "", 404),
        ({"env": "production", "metrics_enabled": True, "metrics_token": "s3"}, "", 401),
        ({"env": "production", "metrics_enabled": True, "metrics_token": "s3"}, "Bearer x", 401),
        ({"env": "production", "metrics_enabled": True, "metrics_token": "s3"}, "Bearer s3", 200),
    ],
)
async def test_metrics_in_production_are_off_or_need_the_bearer_token(
    settings_overrides: dict[str, Any], header: str, status: int, client: httpx.AsyncClient
) -> None:
    headers = {"authorization": header} if header else {}
    assert (await client.get("/metrics", headers=headers)).status_code == status


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Lines the production formatter writes while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("kabinet")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_json_log_lines_carry_operation_client_and_duration_never_secrets(
    anon: Api, json_lines: io.StringIO
) -> None:
    demo = await anon.login("demo", "demo")
    await demo("query Me { me { login } }")
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    me = next(line for line in lines if line.get("operation") == "Me")
    assert me["level"] == "INFO" and me["logger"] == "kabinet.api"
    assert isinstance(me["client_id"], int) and me["duration_ms"] >= 0
    assert {"ts", "message"} <= set(me)
    assert any(line.get("operation") == "anonymous" for line in lines)  # the login
    text = json_lines.getvalue()
    assert demo.token and demo.token not in text
    assert '"demo"' not in text and "password" not in text.lower()


def test_logs_scrub_tokens_passwords_and_signed_links() -> None:
    text = scrub(
        'Authorization: Bearer abc.DEF-123 {"password": "demo"} GET /files/eyJ0.sig?x=1 token=zz'
        ' "GET /graphql?query=mutation%7Blogin(password:%22pw%22)%7D HTTP/1.1"'
    )
    assert "pw" not in text and "GET /graphql?*** HTTP/1.1" in text
    assert "abc.DEF-123" not in text and '"demo"' not in text and "eyJ0.sig" not in text
    assert "zz" not in text and "/files/***" in text


def test_logs_text_in_development_json_in_production_and_weasyprint_quiet() -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    try:
        handler = configure_logging("json", "INFO", stream)
        assert isinstance(handler.formatter, JsonFormatter)
        logging.getLogger("weasyprint.progress").info("Step 2 - Fetching and parsing CSS")
        logging.getLogger("fontTools.subset").info("subsetting")
        logging.getLogger("kabinet.test").info("kept", extra={"client_id": "r-1"})
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
        assert [line["message"] for line in lines] == ["kept"]
        assert lines[0]["client_id"] == "r-1"
        assert isinstance(configure_logging("text", "INFO", stream).formatter, TextFormatter)
    finally:
        for extra in list(root.handlers):
            root.removeHandler(extra)
        for old in saved[0]:
            root.addHandler(old)
        root.setLevel(saved[1])


WORKER_BOOT = """
import io, logging, sys
written = io.StringIO()
logging.basicConfig(level=logging.INFO, stream=written)  # as Dramatiq's worker process
sys.stderr = written  # ...whose stderr is its log pipe too
import workers.actors
sys.stderr = sys.__stderr__
print(len(written.getvalue().encode()))
"""


def test_a_worker_process_boots_without_filling_dramatiqs_log_pipe(tmp_path: Path) -> None:
    """Dramatiq's main process reads its worker processes' log pipe only once they have
    booted (or after --worker-fork-timeout, 30 s): a boot that writes a pipe's buffer
    (64 KiB) stands still until then. The font trimming's fontTools lines did (80 KB)."""
    env = {
        **os.environ,
        "KABINET_ENV": "test",
        "KABINET_BROKER_URL": "redis://127.0.0.1:1/0",  # never connected to at import
        "KABINET_DATABASE_URL": f"sqlite://{tmp_path}/kabinet.db",
        "KABINET_STORAGE_DIR": str(tmp_path / "files"),
        "KABINET_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER_BOOT],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    written = int(done.stdout.strip().splitlines()[-1])
    assert written < 16_384, written


def test_logs_a_server_process_config_writes_the_same_lines_and_keeps_weasyprint_quiet() -> None:
    # uvicorn applies log_config in each server process: run it in a fresh interpreter.
    script = (
        "import logging, logging.config\n"
        "from infra.logs import log_config, log_context\n"
        "logging.config.dictConfig(log_config('json', 'info'))\n"
        "logging.getLogger('weasyprint.progress').info('Step 2 - Fetching and parsing CSS')\n"
        "log_context.set({'operation': 'Invoices'})\n"
        "logging.getLogger('uvicorn.error').info('from uvicorn')\n"
        "logging.getLogger('kabinet.test').debug('not at INFO')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("uvicorn.error", "from uvicorn")
    ]
    assert lines[0]["operation"] == "Invoices"
