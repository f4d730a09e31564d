"""A trusted document by hash (parsed and validated once) against the same operation as
an unknown text (parsed and validated on every request), in this process over ASGI.

The operation is the reference front end's accounts screen (web/src/gql's `Accounts`,
100 accounts × 12 invoices asked, on the demo data). Side B is the same text with a
trailing space: another sha256, so not in the manifest and not registered — the plain
Strawberry path. A and B alternate in rounds (A/B in the same run, under the same load).

Run: uv run python bench/bench_trusted.py [--rounds 5] [--requests 40]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token } }"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    from bench._app import demo_app
    from infra.passwords import Argon2PasswordHasher

    committed = json.loads((ROOT / "web/src/gql/persisted-documents.json").read_text())
    text = next(t for t in committed.values() if t.startswith("query Accounts"))
    digest = hashlib.sha256(text.encode()).hexdigest()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = folder / "manifest.json"
        manifest.write_text(json.dumps({digest: text}))
        hasher = Argon2PasswordHasher(fast=True)
        async with demo_app(folder, hasher, trusted_documents=[manifest]) as http:
            login = await http.post(
                "/graphql",
                json={
                    "query": LOGIN,
                    "variables": {"i": {"login": "demo", "password": "demo"}},
                },
            )
            headers = {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}
            sides = {
                "by hash (cached)": {
                    "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}
                },
                "unknown text": {"query": text + " "},
            }
            answers = {}
            for name, body in sides.items():
                answer = (await http.post("/graphql", json=body, headers=headers)).json()
                assert not answer.get("errors"), answer
                answers[name] = answer
            assert len({json.dumps(a, sort_keys=True) for a in answers.values()}) == 1
            times: dict[str, list[float]] = {name: [] for name in sides}
            print(f"load before: {os.getloadavg()[0]:.1f}", flush=True)
            for number in range(args.rounds):
                for name, body in sides.items():
                    started = time.perf_counter()
                    for _ in range(args.requests):
                        await http.post("/graphql", json=body, headers=headers)
                    ms = (time.perf_counter() - started) * 1000 / args.requests
                    times[name].append(ms)
                    print(f"round {number + 1} {name:>17}: {ms:7.2f} ms/request", flush=True)
    a, b = (statistics.median(v) for v in times.values())
    print(f"\nmedian: by hash {a:.2f} ms, unknown text {b:.2f} ms, ratio {b / a:.2f}")
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
