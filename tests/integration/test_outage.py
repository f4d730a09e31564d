"""Issue 14 part 3: a database outage is answered 503, and the service is back in seconds.

The test runs its own PostgreSQL (initdb in a temporary directory) so that it can stop and
start it; the shared server of the other tests is never touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest

from domain.job_store import LOST_AFTER
from infra.bootstrap import Container, bootstrap
from infra.clock import FixedClock
from infra.db import models as m
from infra.loops import Maintenance, running
from infra.passwords import Argon2PasswordHasher
from infra.settings import Settings
from tests.api.menu_helpers import accepted_rename, add_subscribers
from tests.conftest import IN_CI, NOW
from tests.db_fixtures import _build_template

pytestmark = pytest.mark.postgres

SIGN_IN = "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }"
RUSSIAN = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    wanted = int(os.environ.get("KABINET_TEST_OUTAGE_PG_PORT", "0"))
    if wanted:
        return wanted
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class OwnPostgres:
    """A throw-away PostgreSQL server this test may stop and start at will."""

    def __init__(self, bindir: Path, root: Path, port: int) -> None:
        self.bindir, self.root, self.port = bindir, root, port
        self.data = root / "data"
        # initdb and postgres refuse to run as root.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        if self.prefix:
            shutil.chown(self.root, "postgres")
        initdb = str(self.bindir / "initdb")
        self._run(initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-N")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.root / "server.log")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", log, "-o", options,
                  "-w", "-t", "30", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[OwnPostgres]:
    bindir = _pg_bin()
    if bindir is None:
        if IN_CI:
            pytest.fail("PostgreSQL's binaries (initdb, pg_ctl) are required in CI")
        pytest.skip("PostgreSQL's binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="kabinet-outage-"))
    server = OwnPostgres(bindir, root, _free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def outage_container(own_postgres: OwnPostgres, tmp_path: Path) -> AsyncIterator[Container]:
    conn = await asyncpg.connect(own_postgres.url("postgres"))
    try:
        await conn.execute("DROP DATABASE IF EXISTS kabinet")
        await conn.execute("CREATE DATABASE kabinet")
    finally:
        await conn.close()
    url = own_postgres.url("kabinet")
    await _build_template(url)
    settings = Settings(
        env="test",
        database_url=url,
        broker_url="",
        outbox_dir=tmp_path / "outbox",
        storage_dir=tmp_path / "files",
        secret_key="test-secret-key",
        relay_interval_seconds=0.2,
    )
    container = bootstrap(settings, clock=FixedClock(NOW), hasher=Argon2PasswordHasher(fast=True))
    async with running(container, maintenance=False):
        yield container


async def _post(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str = ""
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def _assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["SERVICE_UNAVAILABLE"], errors
    assert RUSSIAN & set(errors[0]["message"].lower()), errors[0]["message"]
    assert "Внутренняя ошибка" not in response.text


async def test_d14_database_outage_is_answered_503_and_recovered_in_seconds(
    own_postgres: OwnPostgres,
    outage_container: Container,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from schema.app import create_app

    container = outage_container
    app = create_app(container, own_lifespan=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        signed = await _post(http, SIGN_IN, {"i": {"login": "demo", "password": "demo"}})
        token = signed.json()["data"]["login"]["token"]
        assert (await _post(http, "{ client { name } }", {}, token)).status_code == 200
        assert (await http.get("/healthz")).json()["database"] == "ok"

        # The maintenance loop at its production pace: a pass an hour, were it not for
        # the outage (it must not wait that long once the database is back).
        passes: list[float] = []
        passed = asyncio.Event()
        loop = Maintenance(container)
        real_pass = loop.maintain_once

        async def counted_pass() -> None:
            await real_pass()
            passes.append(time.monotonic())
            passed.set()

        loop.maintain_once = counted_pass  # type: ignore[method-assign]
        # What waits: a rename request whose job message was lost, stale by the outage's end.
        numbers = await add_subscribers("demo", 3)
        waiting = await accepted_rename(container, numbers)
        assert isinstance(container.clock, FixedClock)
        container.clock.advance(LOST_AFTER + timedelta(minutes=1))
        loop.maintenance_interval = 3600.0
        loop.outage_retry_interval = 1.0

        # Readers all along, also while the server stops under them (queries in flight):
        # every answer is a 200 or a 503, never a 500.
        statuses: list[int] = []
        reading = True

        async def reader() -> None:
            while reading:
                answer = await _post(http, "{ client { name } }", {}, token)
                statuses.append(answer.status_code)
                if answer.status_code == 503:
                    _assert_unavailable(answer)
                await asyncio.sleep(0.02)

        readers = [asyncio.create_task(reader()) for _ in range(4)]
        await asyncio.sleep(0.3)
        await asyncio.to_thread(own_postgres.stop)
        caplog.clear()
        with caplog.at_level(logging.INFO):
            maintenance = asyncio.create_task(loop.run())
            # The signed-in check (in the request's context) and a resolver both need it.
            _assert_unavailable(await _post(http, "{ client { name } }", {}, token))
            _assert_unavailable(
                await _post(http, SIGN_IN, {"i": {"login": "demo", "password": "demo"}})
            )
            health = await http.get("/healthz")
            assert health.status_code == 503
            assert health.json()["database"] == "down" and health.json()["down"] == ["database"]
            await asyncio.sleep(2.5)  # a few retries of the maintenance pass fail meanwhile
            assert passes == []

            await asyncio.to_thread(own_postgres.start)
            back = time.monotonic()
            answer = await _post(http, "{ client { name } }", {}, token)
            while answer.status_code != 200 and time.monotonic() - back < 2:
                await asyncio.sleep(0.1)
                answer = await _post(http, "{ client { name } }", {}, token)
            served_after = time.monotonic() - back
            assert answer.status_code == 200, answer.text
            assert answer.json()["data"]["client"]["name"]
            assert served_after < 2.0
            assert (await http.get("/healthz")).status_code == 200

            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(10 - (time.monotonic() - back)):
                    await passed.wait()
            status = ""
            while time.monotonic() - back < 10 and status != "DONE":
                status = str((await m.RenameRequestRow.get(id=waiting.id)).status)
                await asyncio.sleep(0.1)
            carried_out_after = time.monotonic() - back
            loop.stop()
            reading = False
            await asyncio.gather(*readers)
            await maintenance
        assert passes and passes[0] - back < 10.0
        assert status == "DONE" and carried_out_after < 10.0
        assert set(statuses) == {200, 503}, sorted(set(statuses))
        print(  # the figures, for -s
            f"served {served_after:.2f} s after the restart; "
            f"maintenance pass done {passes[0] - back:.2f} s after; the waiting rename "
            f"done {carried_out_after:.2f} s after; readers got "
            f"{statuses.count(200)} × 200 and {statuses.count(503)} × 503"
        )
        loop_lines = [r for r in caplog.records if r.getMessage().startswith("maintenance:")]
        assert [r.getMessage().split(" (")[0].split(" after")[0] for r in loop_lines] == [
            "maintenance: database unavailable",
            "maintenance: database available again",
        ]
        assert not [r for r in caplog.records if r.exc_info and r.name == "kabinet"]
        # Dozens of 503s, a line now and then: not one per request.
        api_lines = [
            r
            for r in caplog.records
            if r.name == "kabinet.api" and r.levelno >= logging.WARNING
            and "database unavailable" in r.getMessage()
        ]  # fmt: skip
        assert statuses.count(503) > 10 and len(api_lines) <= 2, len(api_lines)
