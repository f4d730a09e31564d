"""Sign-in timing: a known login with a wrong password against an unknown login (D18).

The throttle and the audit must not let a caller tell which logins exist. A SQLite demo
database is built with the production argon2 parameters (the container's hasher too,
so the dummy hash of unknown logins costs the same). The app runs in this process
(httpx over ASGI) with 127.0.0.1 as a trusted proxy, each attempt from its own
X-Forwarded-For address, so that none is throttled. Known and unknown attempts
alternate (A/B in the same run, under the same load); then both are throttled
(a sixth attempt from an address that failed five times) and timed again.

Run: uv run python bench/bench_login.py [--pairs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token retryAfter errors { code } } }"


async def measure(pairs: int, folder: Path) -> dict[str, list[float]]:
    from bench._app import demo_app
    from infra.passwords import Argon2PasswordHasher

    figures: dict[str, list[float]] = {
        k: [] for k in ("known", "unknown", "known, slowed", "unknown, slowed")
    }
    # Production argon2 parameters, for the demo's hashes and the dummy one alike.
    hasher = Argon2PasswordHasher()
    async with demo_app(folder, hasher, trusted_proxies=["127.0.0.1"]) as http:

        async def attempt(login: str, address: str) -> tuple[float, Any]:
            started = time.perf_counter()
            response = await http.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"i": {"login": login, "password": "x"}}},
                headers={"X-Forwarded-For": address},
            )
            seconds = time.perf_counter() - started
            return seconds, response.json()["data"]["login"]["errors"][0]["code"]

        await attempt("demo", "198.18.255.1")  # warm-up
        for i in range(pairs):
            for kind, login in (("known", "demo"), ("unknown", f"nobody{i}")):
                seconds, code = await attempt(login, f"198.18.{i}.{1 if kind == 'known' else 2}")
                assert code == "INVALID_CREDENTIALS", code
                figures[kind].append(seconds)
        for i in range(pairs):
            for kind, login in (("known", "demo"), ("unknown", f"nobody{i}")):
                address = f"198.19.{i}.{1 if kind == 'known' else 2}"
                for _ in range(5):
                    await attempt(login, address)
                seconds, code = await attempt(login, address)
                assert code == "TOO_MANY_ATTEMPTS", code
                figures[f"{kind}, slowed"].append(seconds)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(args.pairs, Path(folder)))
    print(f"{'attempt':<18}{'n':>4}{'median ms':>11}{'p90 ms':>9}")
    for kind, values in figures.items():
        values = sorted(values)
        p90 = values[int(0.9 * (len(values) - 1))]
        print(
            f"{kind:<18}{len(values):>4}{statistics.median(values) * 1000:>11.1f}{p90 * 1000:>9.1f}"
        )
    for a, b in (("known", "unknown"), ("known, slowed", "unknown, slowed")):
        ratio = statistics.median(figures[a]) / statistics.median(figures[b])
        print(f"median {a} / {b}: {ratio:.2f}")


if __name__ == "__main__":
    main()
