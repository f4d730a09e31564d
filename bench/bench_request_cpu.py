"""CPU per request of a small query: the server's, PostgreSQL's and the load generator's.

A fresh PostgreSQL database gets the demo data; `kabinet serve --workers W` (of the
checkout given by --root, default this one) answers `{ me { login client { name } } }`
signed in as demo, at c=1 and then c=16 for `--seconds` each. CPU is read from /proc
(utime + stime) of the server's process tree, of every postgres process and of this
process, and divided by the requests answered. Run it for two checkouts in turn to
compare them (A/B alternated, as in bench/README.md).

Run: uv run python bench/bench_request_cpu.py [--root CHECKOUT] [--workers 1] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
parser.add_argument("--workers", type=int, default=1)
parser.add_argument("--seconds", type=float, default=5.0)
parser.add_argument("--port", type=int, default=9177)
ARGS = parser.parse_args()
sys.path.insert(0, ARGS.root)  # the served checkout's tests.e2e.serving and bench helpers

from bench._http import load, post  # noqa: E402
from bench.bench_workers import QUERY, _sign_in, _started  # noqa: E402


def _cpu(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _parent(pid: str) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return None


def _tree(root: int) -> set[int]:
    found = {root}
    grew = True
    while grew:
        grew = False
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) not in found and _parent(entry) in found:
                found.add(int(entry))
                grew = True
    return found


def _postgres() -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if b"postgres" in Path(f"/proc/{entry}/cmdline").read_bytes()[:200]:
                    found.add(int(entry))
            except OSError:
                continue
    return found


async def main() -> None:
    from tests.drills import drop_database, fresh_database
    from tests.e2e.serving import load_demo, serve_env, serving

    base = os.environ.get("KABINET_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    url = await fresh_database(base)
    port = ARGS.port
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            env = serve_env(folder, f"http://127.0.0.1:{port}", url, KABINET_FAKE_CLOCK="frozen")
            load_demo(env)
            log = folder / "serve.log"
            with (
                log.open("wb") as output,
                serving(port, env, output, "--workers", str(ARGS.workers), stop_timeout=60) as proc,
            ):
                for _ in range(240):
                    if _started(log) >= ARGS.workers:
                        break
                    await asyncio.sleep(0.25)
                token = await _sign_in(port)
                raw = post(port, {"query": QUERY}, token)
                await load(port, raw, 4, 1.0)  # warm-up
                server = _tree(proc.pid)
                for clients in (1, 16):
                    before = _cpu(server), _cpu(_postgres()), time.process_time()
                    figure = await load(port, raw, clients, ARGS.seconds)
                    after = _cpu(server), _cpu(_postgres()), time.process_time()
                    n = figure["rps"] * ARGS.seconds
                    ms = [1000 * (a - b) / n for a, b in zip(after, before, strict=True)]
                    print(
                        f"{ARGS.root} workers={ARGS.workers} c={clients:>2}: "
                        f"{figure['rps']:6.1f} req/s  p50 {figure['p50']:6.1f} ms  CPU ms per "
                        f"request: server {ms[0]:.2f}  postgres {ms[1]:.2f}  bench {ms[2]:.2f}  "
                        f"(load {os.getloadavg()[0]:.1f})",
                        flush=True,
                    )
    finally:
        await drop_database(base, url)


if __name__ == "__main__":
    asyncio.run(main())
