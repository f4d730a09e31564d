"""`kabinet demo` and `kabinet serve` as child processes, for the end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

from tests.smtp_server import free_port

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "infra.cli"]
FAKE_NOW = "2026-11-24T12:00:00+03:00"

__all__ = ["CLI", "FAKE_NOW", "ROOT", "free_port", "load_demo", "serve_env", "serving"]


def serve_env(
    work: Path, base: str, database_url: str, fake_now: str = FAKE_NOW, **extra: str
) -> dict[str, str]:
    """The environment of a development server of its own: files and outbox in `work`,
    no broker (jobs run in-process), the clock at `fake_now`."""
    env = os.environ.copy()
    env.update(
        KABINET_ENV="development",
        KABINET_DATABASE_URL=database_url,
        KABINET_BROKER_URL="",
        KABINET_OUTBOX_DIR=str(work / "outbox"),
        KABINET_STORAGE_DIR=str(work / "files"),
        KABINET_FAKE_NOW=fake_now,
        KABINET_PUBLIC_URL=base,
        **extra,
    )
    return env


def load_demo(env: dict[str, str]) -> None:
    """`kabinet demo`: migrate the database and load the demo data."""
    subprocess.run([*CLI, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)


@contextmanager
def serving(
    port: int,
    env: dict[str, str],
    output: IO[bytes] | None = None,
    *args: str,
    stop_timeout: float = 30,
) -> Iterator[subprocess.Popen[bytes]]:
    """`kabinet serve --port PORT ARGS…` until it answers /healthz; SIGTERM on the way out
    (the process's exit code is then in `returncode`). Its output goes to `output`, or
    nowhere."""
    sink: IO[bytes] | int = subprocess.DEVNULL if output is None else output
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), *args],
        cwd=ROOT,
        env=env,
        stdout=sink,
        stderr=subprocess.STDOUT,
    )
    try:
        _until_healthy(f"http://127.0.0.1:{port}", proc)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=stop_timeout)


def _until_healthy(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kabinet serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("kabinet serve did not come up")
