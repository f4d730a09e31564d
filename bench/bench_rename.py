"""A 10,000-line renaming list, validated and accepted (D13) — goal ≤ 2 s per back end.

For each back end (SQLite always; PostgreSQL when KABINET_BENCH_POSTGRES_URL or
KABINET_TEST_POSTGRES_URL is set) a fresh demo database gets 10,000 more subscribers of
the client `demo`; then, with no job worker running (acceptance only), we time:
- `rename` (use case): look-up of the numbers, every line checked, request + 10,000
  lines + outbox message + audit entry written in one transaction;
- the same through GraphQL (`renameSubscribers` with `items`, JSON body over ASGI), and
  again asking for every line's result (`lines`);
- the same from an uploaded 10,000-row XLSX (multipart, parsed with the zip checks);
- a dry run (`dryRun: true`: checked, nothing saved);
- the job carrying the list out afterwards (not part of the goal: within 24 hours).
Run: uv run python bench/bench_rename.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LINES = 10_000
GOAL_SECONDS = 2.0
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Minsk"))
RENAME = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id lineCount } errors { code field } } }"""
# The same asking for every line's result, as a front end showing them would.
RENAME_LINES = """mutation($i: RenameSubscribersInput!) { renameSubscribers(input: $i) {
  request { id lineCount } lines { position number ok status error { code field message } }
  errors { code field } } }"""


async def _database(kind: str, tmp: Path) -> tuple[str, Callable[[], Awaitable[None]]]:
    if kind == "sqlite":
        return f"sqlite://{tmp / 'bench.db'}", _nothing
    import asyncpg  # type: ignore[import-untyped]

    base = os.environ.get("KABINET_BENCH_POSTGRES_URL") or os.environ["KABINET_TEST_POSTGRES_URL"]
    name = f"bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(base)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()

    async def drop() -> None:
        c = await asyncpg.connect(base)
        try:
            await c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await c.close()

    return f"{base.rsplit('/', 1)[0]}/{name}", drop


async def _nothing() -> None:
    return None


async def _prepare(url: str) -> None:
    from infra.db import models as m
    from infra.db.database import close_database, migrate, open_database
    from infra.demo import load_demo
    from infra.passwords import Argon2PasswordHasher

    await migrate(url)
    await close_database()
    await open_database(url)
    try:
        await load_demo(NOW, Argon2PasswordHasher(fast=True))
        admin = await m.AdminRow.get(login="demo")
        account = await m.BillingAccountRow.filter(client_id=admin.client_id).first()  # type: ignore[attr-defined]
        assert account is not None
        await m.SubscriberRow.bulk_create(
            [
                m.SubscriberRow(
                    client_id=admin.client_id,  # type: ignore[attr-defined]
                    account_id=account.id,
                    number=_number(i),
                    name="Старое имя",
                    tariff_id="BIZ_START",
                )
                for i in range(LINES)
            ],
            batch_size=1000,
        )
    finally:
        await close_database()


def _number(i: int) -> str:
    return f"+37544{1_000_000 + i:07d}"


def _items(run: int) -> list[tuple[str, str]]:
    return [(_number(i), f"Сотрудник {i}, смена {run}") for i in range(LINES)]


def _xlsx(run: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Номер", "Имя"])
    for number, name in _items(run):
        sheet.append([number, name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _measure(kind: str, runs: int) -> dict[str, Any]:
    import httpx
    from pydantic import SecretStr

    from domain.auth import Actor
    from infra.bootstrap import bootstrap
    from infra.clock import FixedClock
    from infra.db import models as m
    from infra.heap import freeze_startup_heap
    from infra.loops import running
    from infra.passwords import Argon2PasswordHasher
    from infra.settings import Settings
    from schema.app import create_app

    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url, drop = await _database(kind, tmp)
        try:
            await _prepare(url)
            settings = Settings(
                env="test",
                database_url=url,
                storage_dir=tmp / "files",
                outbox_dir=tmp / "outbox",
                secret_key=SecretStr("bench-only"),
            )
            container = bootstrap(
                settings, clock=FixedClock(NOW), hasher=Argon2PasswordHasher(fast=True)
            )
            figures: dict[str, list[float]] = {
                "use case": [],
                "GraphQL items": [],
                "GraphQL items + lines": [],
                "GraphQL XLSX upload": [],
                "dry run": [],
                "job (carry out)": [],
            }
            # Acceptance only: no job runs.
            async with running(container, relay=False, maintenance=False):
                admin = await m.AdminRow.get(login="demo")
                actor = Actor(admin.id, admin.client_id, "demo")  # type: ignore[attr-defined]
                app = create_app(container, own_lifespan=False)
                freeze_startup_heap()  # as the app's own lifespan does once started
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://b") as http:
                    login = await http.post(
                        "/graphql",
                        json={
                            "query": 'mutation { login(input: {login: "demo", password: '
                            '"demo"}) { token } }'
                        },
                    )
                    token = login.json()["data"]["login"]["token"]
                    auth = {"Authorization": f"Bearer {token}"}
                    for run in range(runs):
                        items = _items(run)
                        start = time.perf_counter()
                        result = await container.renaming.rename(actor, items)
                        figures["use case"].append(time.perf_counter() - start)
                        assert result.request is not None and not result.errors, result.errors[:3]

                        start = time.perf_counter()
                        job_id = result.request.id
                        await container.renaming.carry_out(job_id)
                        figures["job (carry out)"].append(time.perf_counter() - start)

                        body = {"items": [{"number": n, "name": x + " g"} for n, x in items]}
                        start = time.perf_counter()
                        response = await http.post(
                            "/graphql",
                            json={"query": RENAME, "variables": {"i": body}},
                            headers=auth,
                        )
                        figures["GraphQL items"].append(time.perf_counter() - start)
                        data = response.json()["data"]["renameSubscribers"]
                        assert data["errors"] == [] and data["request"]["lineCount"] == LINES

                        body = {"items": [{"number": n, "name": x + " l"} for n, x in items]}
                        start = time.perf_counter()
                        response = await http.post(
                            "/graphql",
                            json={"query": RENAME_LINES, "variables": {"i": body}},
                            headers=auth,
                        )
                        figures["GraphQL items + lines"].append(time.perf_counter() - start)
                        data = response.json()["data"]["renameSubscribers"]
                        assert data["errors"] == [] and len(data["lines"]) == LINES
                        assert all(line["status"] == "QUEUED" for line in data["lines"])

                        workbook = _xlsx(run)
                        start = time.perf_counter()
                        response = await http.post(
                            "/graphql",
                            data={
                                "operations": json.dumps(
                                    {"query": RENAME, "variables": {"i": {"file": None}}}
                                ),
                                "map": json.dumps({"0": ["variables.i.file"]}),
                            },
                            files={"0": ("list.xlsx", workbook, "application/octet-stream")},
                            headers={**auth, "x-kabinet-csrf": "1"},
                        )
                        figures["GraphQL XLSX upload"].append(time.perf_counter() - start)
                        data = response.json()["data"]["renameSubscribers"]
                        assert data["errors"] == [], data["errors"][:3]

                        start = time.perf_counter()
                        dry = await container.renaming.rename(actor, items, dry_run=True)
                        figures["dry run"].append(time.perf_counter() - start)
                        assert dry.request is None and not dry.errors
        finally:
            await drop()
    return {
        "backend": kind,
        **{name: (statistics.median(v), max(v)) for name, v in figures.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kinds = ["sqlite"]
    if os.environ.get("KABINET_BENCH_POSTGRES_URL") or os.environ.get("KABINET_TEST_POSTGRES_URL"):
        kinds.append("postgres")
    failed = False
    print(f"10,000-line renaming list, {args.runs} runs, median / worst seconds")
    print(f"{'back end':<10} {'measure':<22} {'median':>8} {'worst':>8}")
    for kind in kinds:
        result = asyncio.run(_measure(kind, args.runs))
        for name, value in result.items():
            if name == "backend":
                continue
            median, worst = value
            goal = name != "job (carry out)"
            mark = "" if not goal else ("  ok" if worst <= GOAL_SECONDS else "  OVER GOAL")
            failed |= goal and worst > GOAL_SECONDS
            print(f"{kind:<10} {name:<22} {median:>8.3f} {worst:>8.3f}{mark}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
