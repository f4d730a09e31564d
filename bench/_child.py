"""Runs one measurement in a fresh process, so peak memory is that of the work alone."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

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
