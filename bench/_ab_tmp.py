"""Cabinet screens a–d over HTTP: Kabinet against a hand-written Starlette + SQL endpoint.

For each back end (SQLite, PostgreSQL) a fresh database gets the demo data at the size
of issue 11 (the demo client: 50 billing accounts × 250 subscribers = 12,500, 12 invoices
per account; no calls, which no screen reads). Three servers run on it at once:

- `kabinet serve --workers 1` (the issue's "Kabinet");
- `kabinet serve --workers 2`;
- `bench/_raw_app.py` under uvicorn (one process): the same JSON read with plain SQL.

Before timing, each screen's answer from Kabinet and from raw is checked equal (bytes,
else the parsed JSON; any difference stops the bench). Then, for each screen and
concurrency (c=1, c=16: keep-alive connections from a small asyncio client in this
process), the three sides run `--seconds` each, alternating (A/B/C, then C/B/A, …) for
`--rounds` rounds under the same load. Prints req/s, p50/p99 per round, then the medians:
raw ÷ Kabinet (the issue's goal: ≤ 2), Kabinet c=16 ÷ c=1 (≥ 1) and workers 2 at c=16 ÷
workers 1 at c=1 (≥ 1.6).

With --compiled (issue 11 §3), the third server is `kabinet serve --workers 1` with
KABINET_COMPILED_EXECUTION=false instead of the one with 2 workers, and both Kabinets get
the screens as trusted documents (text and extensions.persistedQuery.sha256Hash: known
after the first request): compiled ("kabinet") against graphql-core alone ("kabinet-plain").

Run: uv run python bench/bench_screens.py [--backends sqlite,postgres] [--screens abcd]
     [--rounds 2] [--seconds 3] [--port 9301] [--compiled]
     (KABINET_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._http import load, once, post

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token } }"

# The screens of issue 11. a: README's first query; b: the front end's Accounts screen
# (web/src/gql) with 100 accounts × 12 invoices; c: subscribers with their services;
# d: payments. `bench/_raw_app.py` answers each by hand.
SCREENS = {
    "a": """{
  me { login client { name unp balance } }
  invoiceService { available reason resumesAt }
  billingAccounts(first: 10) {
    nodes {
      id number balance
      delivery { method emails format validFrom }
      downloadablePeriods
      invoices(first: 3) { nodes { id number period total vat amountDue sentTo } }
    }
  }
}""",
    "b": "query Accounts { billingAccounts(first: 100) { nodes { balance delivery { emails "
    "format method validFrom } downloadablePeriods id invoices(first: 12) { nodes { "
    "amountDue id number period } } number } } }",
    "c": "query Subscribers { subscribers(first: 100) { nodes { id name number services { "
    "code name } status tariff } } }",
    "d": "query Payments { payments(first: 100) { nodes { amount bank confirmed "
    "documentNumber id paidOn } } }",
}
# uvicorn's own startup line is kept (INFO): _until_up waits for it.
UVICORN = [sys.executable, "-m", "uvicorn", "--no-access-log"]
SIDES = ("kabinet", "raw", "kabinet-w2")
COMPILED_SIDES = ("kabinet", "raw", "kabinet-plain")


def _until_up(port: int, proc: subprocess.Popen[bytes], log: Path, started: int) -> None:
    """Until the server on `port` answers and its log shows `started` started processes
    (a loaded machine can take minutes to boot three servers)."""
    import httpx

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {proc.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            if log.read_text(errors="replace").count("startup complete") >= started:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server on {port} did not come up: {log.read_text(errors='replace')}")


@contextmanager
def _servers(
    ports: dict[str, int], env: dict[str, str], folder: Path, compiled: bool = False
) -> Iterator[None]:
    """The three servers, started together, stopped by their PIDs on the way out."""
    from tests.e2e.serving import CLI

    commands = {
        "kabinet": ([*CLI, "serve", "--port", str(ports["kabinet"]), "--workers", "1"], 1),
        "raw": ([*UVICORN, "bench._raw_app:app", "--port", str(ports["raw"])], 1),
    }
    envs = {side: env for side in SIDES + COMPILED_SIDES}
    if compiled:
        plain = ports["kabinet-plain"]
        commands["kabinet-plain"] = ([*CLI, "serve", "--port", str(plain), "--workers", "1"], 1)
        envs["kabinet-plain"] = {**env, **json.loads(os.environ["AB_ENV"])}
    else:
        w2 = ports["kabinet-w2"]
        commands["kabinet-w2"] = ([*CLI, "serve", "--port", str(w2), "--workers", "2"], 2)
    procs: list[subprocess.Popen[bytes]] = []
    with ExitStack() as logs:
        try:
            for side, (command, _) in commands.items():
                output = logs.enter_context((folder / f"{side}.log").open("wb"))
                procs.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=envs[side], stdout=output, stderr=subprocess.STDOUT
                    )
                )
            for proc, (side, (_, started)) in zip(procs, commands.items(), strict=True):
                _until_up(ports[side], proc, folder / f"{side}.log", started)
            yield
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=60)


async def _database(backend: str, folder: Path) -> tuple[str, str | None]:
    """A fresh database with the demo data of issue 11's size: (url, PostgreSQL name)."""
    from bench._app import NOW
    from infra.db.database import close_database, migrate, open_database
    from infra.demo import load_demo
    from infra.demo.size import DemoSize
    from infra.passwords import Argon2PasswordHasher

    name = None
    if backend == "sqlite":
        url = f"sqlite://{folder / 'bench.db'}"
    else:
        import asyncpg

        base = os.environ.get(
            "KABINET_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        )
        name = f"bench_screens_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(base)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = base.rsplit("/", 1)[0] + f"/{name}"
    await migrate(url)
    await open_database(url)
    try:
        size = DemoSize(
            accounts_per_client=(50, 2), subscribers_per_account=250, calls_per_subscriber_month=0
        )
        print(await load_demo(NOW, Argon2PasswordHasher(fast=True), size), flush=True)
    finally:
        await close_database()
    return url, name


async def _drop(name: str) -> None:
    import asyncpg

    base = os.environ.get("KABINET_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    admin = await asyncpg.connect(base)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


def _requests(
    ports: dict[str, int], token: str, screen: str, sides: tuple[str, ...]
) -> dict[str, tuple[int, bytes]]:
    text = SCREENS[screen]
    graphql: dict[str, Any] = {"query": text}
    if sides == COMPILED_SIDES:  # a trusted document: known from the first request on
        digest = hashlib.sha256(text.encode()).hexdigest()
        graphql["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    third = sides[2]
    return {
        "kabinet": (ports["kabinet"], post(ports["kabinet"], graphql, token)),
        third: (ports[third], post(ports[third], graphql, token)),
        "raw": (ports["raw"], post(ports["raw"], {}, token, path=f"/raw/{screen}")),
    }


async def _check_equal(
    requests: dict[str, tuple[int, bytes]], screen: str, third: str = "kabinet-w2"
) -> str:
    bodies = {side: await once(port, raw) for side, (port, raw) in requests.items()}
    parsed = {side: json.loads(body) for side, body in bodies.items()}
    if "errors" in parsed["kabinet"] or parsed["kabinet"] != parsed["raw"]:
        for side, body in bodies.items():
            print(f"--- {side}\n{body[:3000].decode()}", file=sys.stderr)
        raise SystemExit(f"screen {screen}: raw and Kabinet answer differently")
    if bodies["kabinet"] != bodies[third]:
        raise SystemExit(f"screen {screen}: kabinet and {third} answer differently")
    same = "byte-equal" if bodies["kabinet"] == bodies["raw"] else "equal as JSON"
    return f"{same}, {len(bodies['raw']):,} bytes"


async def _backend(backend: str, args: argparse.Namespace) -> dict[tuple[str, int, str], Any]:
    with tempfile.TemporaryDirectory() as tmp:
        async with AsyncExitStack() as stack:
            return await _measure(backend, args, Path(tmp), stack)


async def _measure(
    backend: str, args: argparse.Namespace, folder: Path, stack: AsyncExitStack
) -> dict[tuple[str, int, str], Any]:
    from tests.e2e.serving import serve_env

    figures: dict[tuple[str, int, str], list[dict[str, float]]] = {}
    url, name = await _database(backend, folder)
    if name is not None:
        stack.push_async_callback(_drop, name)
    sides = COMPILED_SIDES if args.compiled else SIDES
    ports = {side: args.port + i for i, side in enumerate(sides)}
    env = serve_env(
        folder,
        f"http://127.0.0.1:{ports['kabinet']}",
        url,
        KABINET_FAKE_CLOCK="frozen",
    )
    stack.enter_context(_servers(ports, env, folder, args.compiled))
    variables = {"i": {"login": "demo", "password": "demo"}}
    answer = await once(
        ports["kabinet"], post(ports["kabinet"], {"query": LOGIN, "variables": variables})
    )
    token: str = json.loads(answer)["data"]["login"]["token"]
    for screen in args.screens:
        requests = _requests(ports, token, screen, sides)
        same = await _check_equal(requests, screen, sides[2])
        print(f"{backend} screen {screen}: {same}", flush=True)
        for port, raw in requests.values():
            await load(port, raw, 4, 0.5)  # warm-up
        for clients in (1, 16):
            for number in range(args.rounds):
                order = sides if number % 2 == 0 else sides[::-1]
                for side in order:
                    port, raw = requests[side]
                    figure = await load(port, raw, clients, args.seconds)
                    figure["load"] = os.getloadavg()[0]
                    figures.setdefault((screen, clients, side), []).append(figure)
                    print(
                        f"{backend} {screen} c={clients:>2} round {number + 1} {side:>10}: "
                        f"{figure['rps']:7.1f} req/s  p50 {figure['p50']:7.1f} ms  "
                        f"p99 {figure['p99']:7.1f} ms  (load {figure['load']:.1f})",
                        flush=True,
                    )
    return figures


def _summary(backend: str, figures: dict[tuple[str, int, str], Any], screens: str) -> None:
    def median(screen: str, clients: int, side: str, key: str) -> float:
        return float(statistics.median(f[key] for f in figures[(screen, clients, side)]))

    if any(side == "kabinet-plain" for _, _, side in figures):
        _compiled_summary(backend, median, screens)
        return

    print(f"\n{backend}: medians over rounds (req/s, p50/p99 ms)")
    print(
        "| screen | c | Kabinet req/s | p50 / p99 | raw req/s | p50 / p99 | raw ÷ Kabinet "
        "| Kabinet w2 req/s | p50 / p99 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for screen in screens:
        for clients in (1, 16):
            row = [screen, str(clients)]
            for side in ("kabinet", "raw"):
                row += _cells(median, screen, clients, side)
            ratio = median(screen, clients, "raw", "rps") / median(
                screen, clients, "kabinet", "rps"
            )
            row.append(f"{ratio:.2f}×")
            row += _cells(median, screen, clients, "kabinet-w2")
            print("| " + " | ".join(row) + " |")
    print("\n| screen | Kabinet c16 ÷ c1 | w2 c16 ÷ w1 c1 | w2 c16 ÷ w1 c16 | raw c16 ÷ c1 |")
    print("|---|---|---|---|---|")
    for screen in screens:
        k1 = median(screen, 1, "kabinet", "rps")
        k16 = median(screen, 16, "kabinet", "rps")
        w16 = median(screen, 16, "kabinet-w2", "rps")
        r = median(screen, 16, "raw", "rps") / median(screen, 1, "raw", "rps")
        print(f"| {screen} | {k16 / k1:.2f} | {w16 / k1:.2f} | {w16 / k16:.2f} | {r:.2f} |")


def _cells(median: Any, screen: str, clients: int, side: str) -> list[str]:
    """One side's req/s and "p50 / p99" cells of a summary row."""
    rps = median(screen, clients, side, "rps")
    return [
        f"{rps:.1f}",
        f"{median(screen, clients, side, 'p50'):.1f} / {median(screen, clients, side, 'p99'):.1f}",
    ]


def _compiled_summary(backend: str, median: Any, screens: str) -> None:
    print(f"\n{backend}: compiled path against graphql-core alone, medians over rounds")
    print(
        "| screen | c | compiled req/s | p50 / p99 | graphql-core req/s | p50 / p99 "
        "| compiled ÷ graphql-core | raw ÷ compiled | raw ÷ graphql-core |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for screen in screens:
        for clients in (1, 16):
            row = [screen, str(clients)]
            for side in ("kabinet", "kabinet-plain"):
                row += _cells(median, screen, clients, side)
            fast = median(screen, clients, "kabinet", "rps")
            plain = median(screen, clients, "kabinet-plain", "rps")
            raw = median(screen, clients, "raw", "rps")
            row += [f"{fast / plain:.2f}×", f"{raw / fast:.2f}×", f"{raw / plain:.2f}×"]
            print("| " + " | ".join(row) + " |")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--screens", default="abcd")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--port", type=int, default=9301)
    parser.add_argument(
        "--compiled",
        action="store_true",
        help="compiled path (screens as trusted documents) against graphql-core alone",
    )
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, load {os.getloadavg()}")
    results = {}
    for backend in args.backends.split(","):
        results[backend] = await _backend(backend, args)
    for backend, figures in results.items():
        _summary(backend, figures, args.screens)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, load {os.getloadavg()}")


if __name__ == "__main__":
    asyncio.run(main())
