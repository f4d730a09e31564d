"""Prometheus metrics: requests, errors, jobs, outbox, mail (prometheus-client).

Counters and histograms count what this process did; the outbox and the jobs-by-status
gauges are read from the database at scrape time, so they cover every process and host.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
    start_http_server,
)

from domain.mail import MailMessage, MailUnavailable, RecipientStatus, SendOutcome
from domain.ports import Mailer
from infra.db.stats import jobs_by_status, outbox_stats

__all__ = [
    "CONTENT_TYPE_LATEST",
    "CountingMailer",
    "render_metrics",
    "serve_worker_metrics",
    "timed_job",
]

# no *_created series: they double the output for no use here
disable_created_metrics()  # type: ignore[no-untyped-call]

T = TypeVar("T")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
JOB_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

REQUESTS = Counter(
    "kabinet_graphql_requests", "GraphQL operations by operation name", ["operation", "type"]
)
LATENCY = Histogram(
    "kabinet_graphql_request_duration_seconds",
    "GraphQL operation latency by operation name",
    ["operation"],
    buckets=LATENCY_BUCKETS,
)
ERRORS = Counter(
    "kabinet_graphql_errors",
    "Errors answered, by code (payload errors and top-level extensions.code)",
    ["code"],
)
JOB_RUNS = Counter(
    "kabinet_job_runs", "Job handler runs in this process by kind and outcome", ["kind", "outcome"]
)
JOB_DURATION = Histogram(
    "kabinet_job_duration_seconds",
    "Job handler durations in this process by kind and outcome",
    ["kind", "outcome"],
    buckets=JOB_BUCKETS,
)
JOBS = Gauge("kabinet_jobs", "Jobs in the database by kind and status", ["kind", "status"])
OUTBOX_DEPTH = Gauge("kabinet_outbox_depth", "Outbox rows not yet handed to the broker")
OUTBOX_AGE = Gauge(
    "kabinet_outbox_oldest_age_seconds", "Age of the oldest outbox row not yet handed over"
)
MAILS = Counter(
    "kabinet_mails",
    "Mail addresses by result: sent, failed (refused) or deferred (try again later)",
    ["result"],
)

_RESULTS = {
    RecipientStatus.SENT: "sent",
    RecipientStatus.REFUSED: "failed",
    RecipientStatus.FAILED: "failed",
    RecipientStatus.PENDING: "deferred",
    RecipientStatus.DEFERRED: "deferred",
}


def observe_operation(operation: str, kind: str, seconds: float, codes: Sequence[str]) -> None:
    REQUESTS.labels(operation, kind).inc()
    LATENCY.labels(operation).observe(seconds)
    for code in codes:
        count_error(code)


# The counter of each code, looked up once: a refused 10,000-line list counts 10,000
# errors, and `labels()` (a lock, a tuple, a dict) was most of that cost.
_ERRORS_BY_CODE: dict[str, Counter] = {}


def count_error(code: str) -> None:
    counter = _ERRORS_BY_CODE.get(code)
    if counter is None:
        counter = _ERRORS_BY_CODE.setdefault(code, ERRORS.labels(code))
    counter.inc()


def timed_job(kind: str, handler: Callable[[T], Awaitable[None]]) -> Callable[[T], Awaitable[None]]:
    """The handler, counted and timed by kind; an exception (a retry) is outcome=error."""

    async def run(command: T) -> None:
        started = time.perf_counter()
        outcome = "error"
        try:
            await handler(command)
            outcome = "ok"
        finally:
            JOB_RUNS.labels(kind, outcome).inc()
            JOB_DURATION.labels(kind, outcome).observe(time.perf_counter() - started)

    return run


class CountingMailer:
    """A Mailer that counts each address's result (sent, failed, deferred)."""

    def __init__(self, inner: Mailer) -> None:
        self.inner = inner

    async def send(
        self,
        message: MailMessage,
        envelope: Sequence[str],
        before_data: Callable[[], Awaitable[None]] | None = None,
    ) -> Mapping[str, SendOutcome]:
        try:
            outcomes = await self.inner.send(message, envelope, before_data)
        except MailUnavailable:  # MailAmbiguous too: counted as deferred, retried later
            MAILS.labels("deferred").inc(len(envelope))
            raise
        except Exception:
            MAILS.labels("failed").inc(len(envelope))
            raise
        for outcome in outcomes.values():
            MAILS.labels(_RESULTS.get(outcome.status, "failed")).inc()
        return outcomes

    async def reachable(self) -> bool:
        return await self.inner.reachable()


async def render_metrics(now: datetime, registry: CollectorRegistry = REGISTRY) -> bytes:
    """The Prometheus text, with the database gauges read now."""
    outbox = await outbox_stats()
    OUTBOX_DEPTH.set(outbox.depth)
    OUTBOX_AGE.set(max(0.0, (now - outbox.oldest).total_seconds()) if outbox.oldest else 0.0)
    counts = await jobs_by_status()
    JOBS.clear()
    for (kind, status), n in counts.items():
        JOBS.labels(kind, status).set(n)
    return generate_latest(registry)


def serve_worker_metrics(port: int | None, host: str) -> bool:
    """In a `kabinet worker` process: serve every worker process's counters on the port.

    The first process to bind it serves (reading all processes' files); the others find
    it taken and only write their own. Returns whether this process serves.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if port is None or not directory:
        return False
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    try:
        start_http_server(port, addr=host, registry=registry)
    except OSError:
        return False
    logging.getLogger("kabinet.worker").info("worker metrics on http://%s:%s/metrics", host, port)
    return True
