"""Fault drills on real processes (issue 14, part 5), shared by the tests and the bench.

A `Stage` is a small installation of its own: `kabinet serve`, two `kabinet worker`s, a
real SMTP server (aiosmtpd in this process, tests/smtp_server.py), a redis-server of its
own (the drill kills and pauses it; the shared one is never touched) and a PostgreSQL
database (on the shared server, or on a cluster of the drill's own that it may restart,
tests/integration/test_outage.py's `OwnPostgres`). Every process runs the same clock:
KABINET_FAKE_NOW moves with real time from one moment, 2026-12-04 10:00 Minsk (November
is closed, the formation window of days 1–3 has passed, so no schedule forms by itself).

Each drill orders work through the API (or the monthly run), does its fault, waits until
every piece has ended, and returns `Figures`: in / delivered / duplicates / lost / time
from the end of the fault to the last piece done. A mail is "delivered" when the SMTP
server holds a message with its Message-ID; copies beyond the first are duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from hashlib import sha256
from pathlib import Path
from typing import IO, Any

import asyncpg  # type: ignore[import-untyped]
import httpx

from tests.e2e.serving import CLI, ROOT, serve_env
from tests.smtp_server import SmtpServer, free_port

START = datetime.fromisoformat("2026-12-04T10:00:00+03:00")
DEMO_NOW = datetime.fromisoformat("2026-11-24T12:00:00+03:00")
PERIODS = ("2026-10", "2026-09", "2026-08", "2026-07")

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"
ACCOUNTS = "{ billingAccounts(first: 100) { nodes { id delivery { method } } } }"
ORDER_MAIL = """mutation($i: OrderInvoiceEmailInput!) { orderInvoiceEmail(input: $i) {
  request { id } errors { code message } } }"""
ORDER_FILE = """mutation($i: OrderInvoiceDownloadInput!) { orderInvoiceDownload(input: $i) {
  job { id } errors { code message } } }"""
JOB = "query($id: ID!) { documentJob(id: $id) { status downloadUrl } }"
ENDED = ("DONE", "FAILED")  # a sending's statuses after which nothing is sent any more


@dataclass
class Figures:
    """One drill's outcome. `recover_s`: from the end of the fault to the last piece done."""

    drill: str
    ordered: int
    delivered: int
    duplicates: int
    lost: int
    recover_s: float | None
    notes: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        recover = "—" if self.recover_s is None else f"{self.recover_s:.1f} s"
        extra = "; ".join(f"{k} {v}" for k, v in self.notes.items())
        return (
            f"{self.drill:<34} in {self.ordered:>4}  delivered {self.delivered:>4}  "
            f"duplicates {self.duplicates:>3}  lost {self.lost:>3}  recovered {recover:>8}"
            + (f"  ({extra})" if extra else "")
        )


class OwnRedis:
    """A redis-server of the drill's own on a free port; `durable`: every write is in the
    append-only file before it is answered (a killed broker keeps its queues)."""

    def __init__(self, root: Path, *, durable: bool = True) -> None:
        self.root, self.durable = root, durable
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.durable else []
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--dir", str(self.root), "--protected-mode", "no", *persistence],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=1)
        for _ in range(100):
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def pause(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Stage:
    """`kabinet serve` + `kabinet worker`s + SMTP + own Redis on one database."""

    def __init__(
        self,
        database_url: str,
        root: Path,
        *,
        workers: int = 2,
        smtp_query: str = "timeout=2&data_timeout=3",
        durable_broker: bool = True,
        extra_env: dict[str, str] | None = None,
        servers: int = 1,
        broker_url: str = "",
        queue: str = "drill",
        start: datetime = START,
    ) -> None:
        self.database_url = database_url
        self.root = root
        self.worker_count = workers
        self.smtp = SmtpServer()
        self.smtp_query = smtp_query
        # The broker: a redis-server of the stage's own, unless one is given (RabbitMQ).
        self.redis = OwnRedis(root / "redis", durable=durable_broker)
        self.broker_url = broker_url or self.redis.url
        self.queue = queue
        self.moment = start
        self.ports = [free_port() for _ in range(servers)]
        self.bases = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.port, self.base = self.ports[0], self.bases[0]
        self.extra_env = extra_env or {}
        self.servers: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self._real_start = time.time()
        self._logs: list[IO[bytes]] = []
        self.token = ""
        self.accounts: list[str] = []
        self.slowed = 0  # messages kept while DATA's answer was held back (smtp_slow)
        self.notes: dict[str, Any] = {}  # what a fault saw, for the drill's figures

    # -- the processes ---------------------------------------------------------

    @property
    def server(self) -> subprocess.Popen[bytes] | None:
        return self.servers[0] if self.servers else None

    def env(self, base: str = "") -> dict[str, str]:
        """The environment of a process started now: the shared running clock."""
        moment = self.moment + timedelta(seconds=time.time() - self._real_start)
        public = base or self.base
        return {
            **serve_env(self.root, public, self.database_url, fake_now=moment.isoformat()),
            "KABINET_ENV": "test",
            "KABINET_FAKE_CLOCK": "running",
            "KABINET_BROKER_URL": self.broker_url,
            "KABINET_QUEUE": self.queue,
            "KABINET_SMTP_URL": self.smtp.url(query=self.smtp_query),
            "KABINET_RELAY_INTERVAL_SECONDS": "0.2",
            "KABINET_MAIL_AMBIGUOUS_DELAY_SECONDS": "3",
            "KABINET_SECRET_KEY": "drill-secret",
            **self.extra_env,
        }

    def _log(self, name: str) -> IO[bytes]:
        handle = (self.root / f"{name}.log").open("ab")
        self._logs.append(handle)
        return handle

    async def start(self, demo: Any = None) -> None:
        """Demo data in the database, then the broker, SMTP, server and workers."""
        from infra.db.database import close_database, migrate, open_database
        from infra.demo import DemoSize, load_demo
        from infra.passwords import Argon2PasswordHasher

        await migrate(self.database_url)
        await close_database()
        await open_database(self.database_url)
        try:
            size = demo or DemoSize(
                accounts_per_client=(12, 8), subscribers_per_account=4, calls_per_subscriber_month=3
            )
            await load_demo(DEMO_NOW, Argon2PasswordHasher(fast=True), size)
        finally:
            await close_database()
        if self.broker_url == self.redis.url:
            self.redis.start()
        self.smtp.start()
        self._real_start = time.time()
        for index in range(len(self.ports)):
            self.start_server(index)
        for _ in range(self.worker_count):
            self.start_worker()
        await self.until_healthy()
        await self.sign_in()

    def start_server(self, index: int = 0) -> None:
        port, base = self.ports[index], self.bases[index]
        self.servers.append(
            subprocess.Popen(
                [*CLI, "serve", "--port", str(port), "--workers", "1"],
                cwd=ROOT, env=self.env(base), stdout=self._log(f"serve{index or ''}"),
                stderr=subprocess.STDOUT,
            )
        )  # fmt: skip

    def start_worker(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [*CLI, "worker", "--processes", "1", "--threads", "2"],
            cwd=ROOT, env=self.env(), stdout=self._log(f"worker{len(self.workers)}"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.workers.append(proc)
        return proc

    def kill_worker(self, index: int = 0) -> None:
        """SIGKILL to a whole `kabinet worker` (its supervisor, Dramatiq, its processes)."""
        proc = self.workers[index]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def signal_workers(self, signum: int) -> None:
        """A signal to every process of every worker (SIGSTOP/SIGCONT: pause, go on)."""
        for proc in self.workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signum)

    async def until_healthy(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient(timeout=2) as http:
            while time.monotonic() < deadline:
                if any(proc.poll() is not None for proc in self.servers):
                    raise AssertionError(f"kabinet serve exited: {self.tail('serve')}")
                codes = []
                for base in self.bases:
                    with contextlib.suppress(httpx.HTTPError):
                        codes.append((await http.get(f"{base}/healthz")).status_code)
                if codes == [200] * len(self.bases):
                    return
                await asyncio.sleep(0.1)
        raise AssertionError("kabinet serve did not come up")

    async def until_workers_ready(self, seconds: float = 120) -> None:
        """Each worker's Dramatiq said it is ready (its log)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready = [
                (self.root / f"worker{n}.log").read_text(errors="replace").count("ready for action")
                for n in range(len(self.workers))
            ]
            if all(ready):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"workers not ready: {self.tail('worker0')}")

    def tail(self, name: str, size: int = 3000) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def stop(self, *, graceful: bool = True) -> None:
        """SIGTERM to every process (or SIGKILL at once: a test's quick teardown)."""
        for proc in self.workers:
            if proc.poll() is None:
                if graceful:
                    os.kill(proc.pid, signal.SIGTERM)
                else:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
        for server in self.servers:
            if server.poll() is None:
                server.terminate()
        for proc in [*self.workers, *self.servers]:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                if proc in self.workers:
                    os.killpg(proc.pid, signal.SIGKILL)
                elif proc.poll() is None:
                    proc.kill()
            proc.wait(timeout=10)
        if self.broker_url == self.redis.url:
            self.redis.stop()
        self.smtp.stop()
        for handle in self._logs:
            handle.close()

    # -- the API ---------------------------------------------------------------

    async def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        base: str = "",
    ) -> httpx.Response:
        token = self.token if token is None else token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(base_url=base or self.base, timeout=30) as http:
            return await http.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )

    async def sign_in(self) -> None:
        answer = await self.graphql(LOGIN, {"i": {"login": "demo", "password": "demo"}}, "")
        self.token = answer.json()["data"]["login"]["token"]
        nodes = (await self.graphql(ACCOUNTS)).json()["data"]["billingAccounts"]["nodes"]
        self.accounts = [n["id"] for n in nodes if n["delivery"]["method"] == "EMAIL"]

    def pairs(self, count: int, offset: int = 0) -> list[tuple[str, str]]:
        every = [(a, p) for p in PERIODS for a in self.accounts]
        return [every[(offset + i) % len(every)] for i in range(count)]

    async def order_mails(self, count: int, offset: int = 0) -> list[int]:
        """`orderInvoiceEmail` × count through the server; the sendings' ids."""
        from schema.ids import decode_id

        ids = []
        for account, period in self.pairs(count, offset):
            answer = await self.graphql(
                ORDER_MAIL, {"i": {"billingAccountId": account, "period": period}}
            )
            payload = answer.json()["data"]["orderInvoiceEmail"]
            assert payload["errors"] == [], payload
            pk = decode_id(payload["request"]["id"], "InvoiceEmailRequest")
            assert pk is not None
            ids.append(pk)
        return ids

    async def order_files(self, count: int, period: str = "2026-10") -> list[str]:
        """Downloads of `period` (D3: one of the two months before the stage's December),
        PDFs first, then workbooks: `count` distinct jobs at most."""
        every = [(a, f) for f in ("PDF", "XLSX_BREAKDOWN", "XLSX") for a in self.accounts]
        jobs = []
        for account, fmt in every[:count]:
            answer = await self.graphql(
                ORDER_FILE, {"i": {"billingAccountId": account, "period": period, "format": fmt}}
            )
            payload = answer.json()["data"]["orderInvoiceDownload"]
            assert payload["errors"] == [], payload
            jobs.append(payload["job"]["id"])
        return jobs

    # -- what happened ---------------------------------------------------------

    @contextlib.asynccontextmanager
    async def sql(self) -> AsyncIterator[asyncpg.Connection]:
        url = self.database_url.replace("postgres://", "postgresql://", 1)
        conn = await asyncpg.connect(url, timeout=5)
        try:
            yield conn
        finally:
            await conn.close()

    async def sendings(self, ids: list[int]) -> list[dict[str, Any]]:
        async with self.sql() as conn:
            rows = await conn.fetch(
                "SELECT id, status, idempotency_key, results, attempts "
                "FROM invoice_email_request WHERE id = ANY($1::int[])",
                ids,
            )
        found = []
        for row in rows:
            item = dict(row)
            if isinstance(item["results"], str):
                item["results"] = json.loads(item["results"])
            found.append(item)
        return found

    async def until_done(self, ids: list[int], seconds: float) -> float | None:
        """Waits until every sending has ended (DONE; FAILED where given up for good); the
        moment (monotonic), or None at the deadline. What arrived is counted apart."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, asyncpg.PostgresError, TimeoutError):
                rows = await self.sendings(ids)
                if len(rows) == len(ids) and all(r["status"] in ENDED for r in rows):
                    return time.monotonic()
            await asyncio.sleep(0.2)
        return None

    async def mail_figures(
        self, name: str, ids: list[int], fault_ended: float, done_at: float | None
    ) -> Figures:
        rows = await self.sendings(ids)
        received = Counter(
            {key.strip("<>").split("@")[0]: n for key, n in self.smtp.count_by_message_id().items()}
        )
        copies = [received.get(message_id(r["idempotency_key"]), 0) for r in rows]
        statuses = Counter(
            str(result["status"]) for r in rows for result in r["results"]["recipients"].values()
        )
        marked = sum(
            bool(result.get("possible_duplicate"))
            for r in rows
            for result in r["results"]["recipients"].values()
        )
        delivered = sum(1 for c in copies if c)
        return Figures(
            name,
            len(ids),
            delivered,
            sum(c - 1 for c in copies if c > 1),
            len(ids) - delivered,
            None if done_at is None else max(0.0, done_at - fault_ended),
            {
                "recipients": dict(statuses),
                "marked possible duplicate": marked,
                "most copies": max(copies, default=0),
            },
        )

    def forget_mail(self) -> None:
        """The SMTP server's messages so far are another drill's."""
        with self.smtp.handler.lock:
            self.smtp.handler.received.clear()


def message_id(idempotency_key: str) -> str:
    """The left part of a sending's Message-ID (domain.mail.MailMessage.message_id_local)."""
    return sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]


Fault = Callable[[Stage], Awaitable[float]]


async def mail_drill(
    stage: Stage,
    name: str,
    count: int,
    fault: Fault,
    *,
    seconds: float = 120,
    before: bool = False,
    hold: bool = False,
) -> Figures:
    """`count` repeats ordered while the fault runs (or just before it), then the wait for
    every sending to end. `fault` returns when the fault ended (monotonic). `hold`: the
    workers stand still (SIGSTOP) while the repeats are ordered before the fault, so that
    the fault meets them all under way."""
    stage.forget_mail()
    stage.slowed = 0
    stage.notes = {}
    ids: list[int] = []
    if before:
        if hold:
            stage.signal_workers(signal.SIGSTOP)
        try:
            ids = await stage.order_mails(count)
        finally:
            if hold:
                stage.signal_workers(signal.SIGCONT)
        label = "done before the fault"
        done_early = sum(r["status"] == "DONE" for r in await stage.sendings(ids))
        ended = await fault(stage)
    else:
        task = asyncio.ensure_future(fault(stage))
        await asyncio.sleep(0.2)
        ids = await stage.order_mails(count)
        ended = await task
        # Under load the ordering may outlast the fault: then some came after it.
        label = "done when the fault was over and all ordered"
        done_early = sum(r["status"] == "DONE" for r in await stage.sendings(ids))
    done_at = await stage.until_done(ids, seconds)
    figures = await stage.mail_figures(name, ids, ended, done_at)
    figures.notes[label] = done_early
    if stage.slowed:
        figures.notes["kept with a held-back answer"] = stage.slowed
    figures.notes.update(stage.notes)
    return figures


# -- the faults -------------------------------------------------------------


def smtp_down(seconds: float) -> Fault:
    async def fault(stage: Stage) -> float:
        stage.smtp.stop()
        await asyncio.sleep(seconds)
        stage.smtp.start()
        return time.monotonic()

    return fault


def smtp_answer(answer: str, seconds: float) -> Fault:
    """Every DATA answered `answer` (e.g. 451) for `seconds`."""

    async def fault(stage: Stage) -> float:
        stage.smtp.handler.refuse_data = answer
        await asyncio.sleep(seconds)
        stage.smtp.handler.refuse_data = None
        return time.monotonic()

    return fault


def smtp_slow(delay: float, seconds: float) -> Fault:
    """The server keeps each message but answers 250 only after `delay`, for `seconds`."""

    async def fault(stage: Stage) -> float:
        before = len(stage.smtp.received)
        stage.smtp.handler.answer_delay = delay
        await asyncio.sleep(seconds)
        stage.smtp.handler.answer_delay = 0
        # Each message kept in the window was answered `delay` later: when that is past
        # the client's timeout, an acceptance it never heard (part 2: "never more than
        # one copy per such event").
        stage.slowed += len(stage.smtp.received) - before
        return time.monotonic()

    return fault


def broker_killed(seconds: float, *, lose_data: bool = False) -> Fault:
    """The stage's redis-server SIGKILLed, started again `seconds` later; `lose_data`:
    without its append-only file (a broker that kept its queues in memory only)."""

    async def fault(stage: Stage) -> float:
        stage.redis.kill()
        if lose_data:
            import shutil

            for path in stage.redis.root.iterdir():
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
        await asyncio.sleep(seconds)
        stage.redis.start()
        return time.monotonic()

    return fault


def broker_paused(seconds: float) -> Fault:
    async def fault(stage: Stage) -> float:
        stage.redis.pause()
        await asyncio.sleep(seconds)
        stage.redis.resume()
        return time.monotonic()

    return fault


def worker_killed(table: str, at_least: int = 3, back_after: float = 2.0) -> Fault:
    """Worker 0 killed (SIGKILL to its whole group) once `at_least` rows of `table`
    (invoice_email_request, document_job) are RUNNING: in the middle of sendings or
    renders; a new worker is started `back_after` later, as systemd would."""

    async def fault(stage: Stage) -> float:
        async with stage.sql() as conn:
            for _ in range(3000):
                running = await conn.fetchval(
                    f"SELECT count(*) FROM {table} WHERE status = 'RUNNING'"
                )
                if running >= at_least:
                    break
                await asyncio.sleep(0.02)
            held = await conn.fetch(f"SELECT id, attempts FROM {table} WHERE status = 'RUNNING'")
        stage.kill_worker(0)
        killed = time.monotonic()
        stage.notes["running when killed"] = running
        # What the issue bounds (30 s): the jobs that were running, running again. Those
        # of the live worker finish on their own; the dead one's are claimed anew.
        rerun = asyncio.get_running_loop().create_task(_running_again(stage, table, held))
        rerun.add_done_callback(
            lambda t: stage.notes.update({"held jobs running again or done after s": (
                round(t.result() - killed, 1) if not t.cancelled() and t.result() else None
            )})
        )  # fmt: skip
        await asyncio.sleep(back_after)
        stage.workers[0] = stage.start_worker()
        stage.workers.pop()  # start_worker appended it too: it stands in slot 0 only
        return killed

    return fault


async def _running_again(stage: Stage, table: str, held: Any, seconds: float = 600) -> float:
    """When every row of `held` (id, attempts at the kill) was claimed again or ended."""
    before = {int(r["id"]): int(r["attempts"]) for r in held}
    until = time.monotonic() + seconds
    async with stage.sql() as conn:
        while before and time.monotonic() < until:
            rows = await conn.fetch(
                f"SELECT id, attempts, status FROM {table} WHERE id = ANY($1::int[])",
                list(before),
            )
            if all(r["attempts"] > before[r["id"]] or r["status"] == "DONE" for r in rows):
                break
            await asyncio.sleep(0.25)
    return time.monotonic()


class Readers:
    """Signed-in readers sending a query all along; every HTTP status they got."""

    def __init__(self, stage: Stage, count: int = 3) -> None:
        self.stage, self.count = stage, count
        self.statuses: Counter[int] = Counter()
        self._on = False
        self._tasks: list[asyncio.Task[None]] = []

    async def _read(self) -> None:
        async with httpx.AsyncClient(base_url=self.stage.base, timeout=10) as http:
            while self._on:
                try:
                    answer = await http.post(
                        "/graphql",
                        json={"query": "{ client { name } }"},
                        headers={"Authorization": f"Bearer {self.stage.token}"},
                    )
                    self.statuses[answer.status_code] += 1
                except httpx.HTTPError:
                    self.statuses[0] += 1  # no answer at all
                await asyncio.sleep(0.05)

    def __enter__(self) -> Readers:
        self._on = True
        self._tasks = [asyncio.create_task(self._read()) for _ in range(self.count)]
        return self

    def __exit__(self, *exc: object) -> None:
        self._on = False

    async def done(self) -> Counter[int]:
        self._on = False
        await asyncio.gather(*self._tasks)
        return self.statuses


async def postgres_drill(
    stage: Stage,
    server: Any,
    count: int,
    down: float,
    seconds: float = 600,
    *,
    in_flight: bool = False,
) -> Figures:
    """Repeats waiting while PostgreSQL stops and starts; readers all along: no bare
    500 (503 while it is down), the API serving again within seconds.

    The workers stand still (SIGSTOP) while the repeats are ordered, so every one is
    still to do when PostgreSQL stops. They go on once it is down (every attempt meets
    the outage from its start), or, `in_flight`, just before it stops: then some
    attempts claimed their sending and lose the database half-way (a race)."""
    stage.forget_mail()
    stage.signal_workers(signal.SIGSTOP)
    try:
        ids = await stage.order_mails(count)
    finally:
        if in_flight:
            stage.signal_workers(signal.SIGCONT)
    done_before = sum(r["status"] == "DONE" for r in await stage.sendings(ids))

    async def fault(stage: Stage) -> float:
        await asyncio.to_thread(server.stop)
        stage.signal_workers(signal.SIGCONT)
        await asyncio.sleep(down)
        await asyncio.to_thread(server.start)
        return time.monotonic()

    readers = Readers(stage)
    with readers:
        await asyncio.sleep(0.3)
        ended = await fault(stage)
        served: float | None = None
        while time.monotonic() - ended < 30:
            with contextlib.suppress(httpx.HTTPError):
                if (await stage.graphql("{ client { name } }")).status_code == 200:
                    served = time.monotonic() - ended
                    break
            await asyncio.sleep(0.1)
        done_at = await stage.until_done(ids, seconds)
    statuses = await readers.done()
    how = "work in flight" if in_flight else "work waiting"
    name = f"PostgreSQL restarted ({down:.0f} s down, {how})"
    figures = await stage.mail_figures(name, ids, ended, done_at)
    figures.notes["done before it stopped"] = done_before
    figures.notes["API serving after s"] = None if served is None else round(served, 1)
    figures.notes["reader answers"] = dict(sorted(statuses.items()))
    return figures


async def monthly_drill(stage: Stage, period: str = "2026-11", seconds: float = 180) -> Figures:
    """`kabinet form-invoices` killed (SIGKILL) once it formed its first invoices, then
    run again: one invoice per account, one regular mail per invoice, each mail once."""
    stage.forget_mail()
    command = [*CLI, "form-invoices", "--period", period]
    async with stage.sql() as conn:
        accounts = await conn.fetchval(
            "SELECT count(*) FROM billing_account WHERE opened_on <= $1",
            datetime.fromisoformat(f"{period}-28").date(),
        )
    first = subprocess.Popen(  # noqa: ASYNC220 - started, then watched without blocking
        command, cwd=ROOT, env=stage.env(), stdout=stage._log("form1"), stderr=subprocess.STDOUT
    )
    formed_at_kill = 0
    async with stage.sql() as conn:
        while first.poll() is None:
            formed_at_kill = await conn.fetchval(
                "SELECT count(*) FROM invoice WHERE period = $1", period
            )
            if formed_at_kill:
                first.send_signal(signal.SIGKILL)
                break
            await asyncio.sleep(0.005)
        first.wait(timeout=30)
        formed_at_kill = await conn.fetchval(
            "SELECT count(*) FROM invoice WHERE period = $1", period
        )
    killed = time.monotonic()
    again = await asyncio.to_thread(
        subprocess.run, command, cwd=ROOT, env=stage.env(), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr[-2000:]
    async with stage.sql() as conn:
        per_account = await conn.fetch(
            "SELECT account_id, count(*) AS n FROM invoice WHERE period = $1 GROUP BY account_id",
            period,
        )
        ids = [
            r["id"]
            for r in await conn.fetch(
                "SELECT e.id FROM invoice_email_request e JOIN invoice i ON i.id = e.invoice_id "
                "WHERE i.period = $1 AND e.kind = 'REGULAR'",
                period,
            )
        ]
        per_invoice = await conn.fetchval(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM invoice_email_request e "
            "JOIN invoice i ON i.id = e.invoice_id WHERE i.period = $1 AND e.kind = 'REGULAR' "
            "GROUP BY e.invoice_id) AS counts",
            period,
        )
    done_at = await stage.until_done(ids, seconds)
    figures = await stage.mail_figures("monthly run killed halfway", ids, killed, done_at)
    figures.notes.update(
        {
            "accounts": accounts,
            "invoices formed when killed": formed_at_kill,
            "invoices": len(per_account),
            "most invoices per account": max((r["n"] for r in per_account), default=0),
            "most regular mails per invoice": per_invoice,
            "first run's code": first.returncode,
        }
    )
    return figures


async def download_drill(stage: Stage, count: int, fault: Fault, seconds: float = 600) -> Figures:
    """`count` PDF downloads ordered, the fault, every job waited for; "delivered": DONE
    with a link that downloads."""
    stage.notes = {}
    stage.signal_workers(signal.SIGSTOP)  # held while ordering: the fault meets them busy
    try:
        jobs = await stage.order_files(count)
    finally:
        stage.signal_workers(signal.SIGCONT)
    ended = await fault(stage)
    deadline = time.monotonic() + seconds
    status: dict[str, str] = {}
    links: dict[str, str] = {}
    done_at: float | None = None
    while time.monotonic() < deadline:
        for job in jobs:
            if status.get(job) in ("DONE", "FAILED"):
                continue
            with contextlib.suppress(httpx.HTTPError, KeyError, TypeError):
                data = (await stage.graphql(JOB, {"id": job})).json()["data"]["documentJob"]
                status[job] = data["status"]
                if data["downloadUrl"]:
                    links[job] = data["downloadUrl"]
        if all(status.get(j) in ("DONE", "FAILED") for j in jobs):
            done_at = time.monotonic()
            break
        await asyncio.sleep(0.5)
    fetched = 0
    async with httpx.AsyncClient(timeout=30) as http:
        for url in links.values():
            path = "/" + url.split("/", 3)[3]
            if (await http.get(stage.base + path)).status_code == 200:
                fetched += 1
    async with stage.sql() as conn:
        attempts = await conn.fetch("SELECT attempts FROM document_job")
    return Figures(
        "downloads, worker killed mid-render",
        len(jobs),
        fetched,
        0,
        len(jobs) - fetched,
        None if done_at is None else max(0.0, done_at - ended),
        {
            "statuses": dict(Counter(status.values())),
            "jobs run more than once": sum(1 for a in attempts if a["attempts"] > 1),
            **stage.notes,
        },
    )


async def drop_database(admin_url: str, url: str) -> None:
    """Drops the database of `url` (made by fresh_database) on the server of `admin_url`."""
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.contextmanager
def own_postgres() -> Iterator[Any]:
    """A PostgreSQL cluster of the drill's own (initdb into a temporary directory)."""
    import shutil
    import tempfile

    from tests.integration.test_outage import OwnPostgres, _free_port, _pg_bin

    bindir = _pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL's binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="kabinet-drill-pg-"))
    server = OwnPostgres(bindir, root, _free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def fresh_database(admin_url: str) -> str:
    """A new empty database on the server of `admin_url`; its URL."""
    name = f"drill_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"
