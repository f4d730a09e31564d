"""Child processes of the benchmarks: one measurement in a fresh process, so peak
memory is that of the work alone, and `kabinet worker` processes."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(script: str, *args: str) -> dict[str, float]:
    """Runs `script --child args…`, which prints one JSON line of figures."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--child", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def report(figures: dict[str, float]) -> None:
    print(json.dumps(figures))


def child_or_main(child: Callable[[str, int], None], main: Callable[[], None]) -> None:
    """A script's entry point: `--child KIND SIZE` measures one case (see run())."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()


def worker_env(settings: Any, now: datetime, **extra: str) -> dict[str, str]:
    """The environment of a `kabinet worker` that shares the bench's Settings."""
    return {**os.environ, **settings.worker_env(now), **extra}


def start_worker(
    env: dict[str, str], threads: int = 2, quiet: bool = False
) -> subprocess.Popen[bytes]:
    """One `kabinet worker` process, in a process group of its own (see stop_workers)."""
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        [sys.executable, "-m", "infra.cli", "worker", "--processes", "1",
         "--threads", str(threads)],
        cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output,
    )  # fmt: skip


def stop_workers(procs: Iterable[subprocess.Popen[bytes]], timeout: float = 30) -> None:
    """Stops each worker: SIGTERM to `kabinet worker` (it passes it on to Dramatiq),
    which passes it on to its worker processes once (SIGTERM to the whole group made each
    worker process get two, "kill" itself half-way and hang). Whatever outlives the
    timeout is killed with the whole process group."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGTERM)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
