"""`kabinet serve --workers 1` against `--workers 2` on PostgreSQL: req/s at c=1 and c=16.

A fresh PostgreSQL database gets the demo data (`kabinet demo`); then, alternating in
the same run (A/B, under the same load), `kabinet serve --workers W` is started on a
port, signed in as demo, and a simple query is sent for `--seconds` by 1 and then by 16
connections (HTTP/1.1 keep-alive, a minimal asyncio client so that the load generator
costs little of the 2 cores). Prints req/s, p50/p99 and the ratios.

Run: uv run python bench/bench_workers.py [--rounds 2] [--seconds 5] [--port 9105]
     (KABINET_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.e2e.serving
from bench._http import load, once, post

QUERY = "{ me { login client { name } } }"
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token } }"


async def _sign_in(port: int) -> str:
    body = await once(
        port,
        post(port, {"query": LOGIN, "variables": {"i": {"login": "demo", "password": "demo"}}}),
    )
    token: str = json.loads(body)["data"]["login"]["token"]
    return token


def _started(log: Path) -> int:
    return log.read_text(errors="replace").count("Application startup complete")


async def _round(
    workers: int, port: int, env: dict[str, str], folder: Path, seconds: float
) -> dict[int, dict[str, float]]:
    log = folder / f"serve-{workers}-{uuid.uuid4().hex[:6]}.log"
    from tests.e2e.serving import serving

    with (
        log.open("wb") as output,
        serving(port, env, output, "--workers", str(workers), stop_timeout=60),
    ):
        for _ in range(240):
            if _started(log) >= workers:
                break
            await asyncio.sleep(0.25)
        else:
            raise RuntimeError(log.read_text())
        token = await _sign_in(port)
        raw = post(port, {"query": QUERY}, token)
        await load(port, raw, 4, 1.0)  # warm-up
        return {c: await load(port, raw, c, seconds) for c in (1, 16)}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--port", type=int, default=9105)
    args = parser.parse_args()
    from tests.drills import drop_database, fresh_database
    from tests.e2e.serving import load_demo, serve_env

    base = os.environ.get("KABINET_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    url = await fresh_database(base)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            env = serve_env(
                folder, f"http://127.0.0.1:{args.port}", url, KABINET_FAKE_CLOCK="frozen"
            )
            load_demo(env)
            figures: dict[tuple[int, int], list[dict[str, float]]] = {}
            print(f"load before: {os.getloadavg()[0]:.1f}", flush=True)
            for number in range(args.rounds):
                for workers in (1, 2):
                    result = await _round(workers, args.port, env, folder, args.seconds)
                    for clients, figure in result.items():
                        figures.setdefault((workers, clients), []).append(figure)
                        print(
                            f"round {number + 1} workers={workers} c={clients:>2}: "
                            f"{figure['rps']:7.1f} req/s  p50 {figure['p50']:6.1f} ms  "
                            f"p99 {figure['p99']:6.1f} ms  (load {os.getloadavg()[0]:.1f})",
                            flush=True,
                        )
            print("\nmedian req/s over rounds:")
            rps = {k: statistics.median(f["rps"] for f in v) for k, v in figures.items()}
            for workers in (1, 2):
                c1, c16 = rps[(workers, 1)], rps[(workers, 16)]
                print(f"workers={workers}: c=1 {c1:7.1f}  c=16 {c16:7.1f}  c16/c1 {c16 / c1:.2f}")
            print(f"workers 2 / 1 at c=16: {rps[(2, 16)] / rps[(1, 16)]:.2f}")
            print(f"workers=2 c=16 / workers=1 c=1: {rps[(2, 16)] / rps[(1, 1)]:.2f}")
    finally:
        await drop_database(base, url)


if __name__ == "__main__":
    asyncio.run(main())
