"""Fixtures of the tests that touch a database or the HTTP app (tests/api, tests/integration,
tests/e2e): every such test runs on SQLite and PostgreSQL.

A demo database is built once per session and per back end (a template); each test
gets its own copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL),
so tests never see each other's writes.

The folders that need these import them into their own conftest.py (`from
tests.db_fixtures import *`), so that the unit tests (tests/unit) import no database
driver: the root conftest holds only what costs nothing to import.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest

from infra.bootstrap import Container, bootstrap
from infra.clock import FixedClock
from infra.passwords import Argon2PasswordHasher
from infra.settings import Settings
from tests.conftest import NOW, PG_URL

__all__ = [
    "Api",
    "Backend",
    "anon",
    "backend",
    "bootstrap_overrides",
    "client",
    "container",
    "demo",
    "demo2",
    "settings_overrides",
    "worker_backend",
]


def _backends() -> list[Any]:
    backends: list[Any] = ["sqlite"]
    if PG_URL:
        backends.append(pytest.param("postgres", marks=pytest.mark.postgres))
    return backends


@dataclass
class Backend:
    kind: str
    template: str  # sqlite file path or postgres database name
    tmp: Path
    made: list[str]

    async def fresh_url(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        if self.kind == "sqlite":
            target = self.tmp / f"{name}.db"
            shutil.copyfile(self.template, target)
            return f"sqlite://{target}"
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        finally:
            await conn.close()
        self.made.append(name)
        return _pg_database_url(name)


def _pg_database_url(name: str) -> str:
    base = PG_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


async def _build_template(url: str) -> None:
    from infra.db.database import close_database, migrate, open_database
    from infra.demo import load_demo

    await migrate(url)
    await close_database()
    await open_database(url)
    try:
        await load_demo(NOW, Argon2PasswordHasher(fast=True))
    finally:
        await close_database()


@dataclass
class _Shared:
    """One template per back end for the whole session, whichever folder's conftest
    asks first: each folder registers the `backend` fixture of its own, and without this
    each would build a template of its own."""

    backend: Backend
    users: int = 0


_SHARED: dict[str, _Shared] = {}


async def _make_backend(kind: str, tmp: Path) -> Backend:
    if kind == "sqlite":
        template = str(tmp / "template.db")
        await _build_template(f"sqlite://{template}")
        return Backend(kind, template, tmp, [])
    name = f"kabinet_tpl_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(PG_URL)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    await _build_template(_pg_database_url(name))
    return Backend(kind, name, tmp, [])


async def _drop(made: Backend) -> None:
    if made.kind != "postgres":
        return
    conn = await asyncpg.connect(PG_URL)
    try:
        for db in [*made.made, made.template]:
            await conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session", params=_backends())
async def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Backend]:
    kind: str = request.param
    shared = _SHARED.get(kind)
    if shared is None:
        shared = _SHARED[kind] = _Shared(await _make_backend(kind, tmp_path_factory.mktemp(kind)))
    shared.users += 1
    yield shared.backend
    shared.users -= 1
    if shared.users == 0:
        del _SHARED[kind]
        await _drop(shared.backend)


@pytest.fixture
def worker_backend(backend: Backend) -> Backend:
    """Tests with worker processes run once, on PostgreSQL when it is configured.

    They are slow (each starts processes) and exercise the broker, not the SQL dialect;
    production runs workers on PostgreSQL.
    """
    if PG_URL and backend.kind == "sqlite":
        pytest.skip("worker-process tests run on PostgreSQL when it is configured")
    return backend


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override settings by redefining this fixture."""
    return {}


@pytest.fixture
def bootstrap_overrides() -> dict[str, Any]:
    """Adapters a test puts in place of the real ones (e.g. a renderer), by bootstrap keyword."""
    return {}


@pytest.fixture
async def container(
    backend: Backend,
    clock: FixedClock,
    tmp_path: Path,
    settings_overrides: dict[str, Any],
    bootstrap_overrides: dict[str, Any],
) -> AsyncIterator[Container]:
    url = await backend.fresh_url()
    values: dict[str, Any] = {
        "env": "test",
        "database_url": url,
        "broker_url": "",
        "outbox_dir": tmp_path / "outbox",
        "storage_dir": tmp_path / "files",
        "secret_key": "test-secret-key",
        "relay_interval_seconds": 0.2,
    }
    values.update(settings_overrides)
    settings = Settings(**values)
    adapters: dict[str, Any] = {"hasher": Argon2PasswordHasher(fast=True), **bootstrap_overrides}
    c = bootstrap(settings, clock=clock, **adapters)
    # No background maintenance loop: it would run the monthly schedule and job
    # recovery at moments of its own; tests call container.maintain_once() instead.
    async with c.running(maintenance=False):
        yield c


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    from schema.app import create_app

    app = create_app(container, own_lifespan=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


class Api:
    """A GraphQL client signed in (or not) as an administrator."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    async def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = await self.raw(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def login(self, login: str, password: str) -> Api:
        data = await self(
            "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
            {"i": {"login": login, "password": password}},
        )
        assert data["login"]["errors"] == [], data
        return Api(self.http, data["login"]["token"])


@pytest.fixture
async def anon(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
async def demo(anon: Api) -> Api:
    return await anon.login("demo", "demo")


@pytest.fixture
async def demo2(anon: Api) -> Api:
    return await anon.login("demo2", "demo2")
