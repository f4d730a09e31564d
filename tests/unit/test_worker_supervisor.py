"""`kabinet worker`'s supervisor (infra/worker_supervisor.py) on a stand-in for Dramatiq:
a child that crashes is started again with growing delays, a stop asked for is passed on
once and ends it, a configuration failure is not retried (issue 14, part 4b)."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The stand-in: notes each start, crashes (code 1) for its first CRASHES starts, then
# runs until SIGTERM and notes that it got it.
CHILD = """
import pathlib, signal, sys, time
log = pathlib.Path(sys.argv[1]); crashes = int(sys.argv[2]); code = int(sys.argv[3])
with log.open("a") as f:
    f.write(f"start {time.monotonic()}\\n")
if len(log.read_text().splitlines()) <= crashes:
    sys.exit(code)
def term(*_):
    with log.open("a") as f:
        f.write("term\\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, term)
while True:
    time.sleep(0.05)
"""

SUPERVISOR = """
import sys
from infra.worker_supervisor import supervise
child = [sys.executable, "-c", sys.argv[1], *sys.argv[2:]]
sys.exit(supervise(child, first_delay=0.2, longest_delay=0.8, steady_after=30))
"""


def _supervise(log: Path, crashes: int, code: int = 1) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, CHILD, str(log), str(crashes), str(code)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _until(log: Path, count: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(_lines(log)) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_crashed_child_is_started_again_with_growing_delays_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    log = tmp_path / "starts"
    proc = _supervise(log, crashes=3)
    try:
        _until(log, 4)
        time.sleep(0.3)
        assert proc.poll() is None  # still supervising after three crashes
        starts = [float(line.split()[1]) for line in _lines(log) if line.startswith("start")]
        assert len(starts) == 4
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        # 0.2, 0.4, 0.8 s (the child's own start-up comes on top).
        assert gaps[0] >= 0.2 and gaps[1] >= 0.4 and gaps[2] >= 0.8, gaps
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _lines(log)[-1] == "term"  # passed on to the child, which ended
    time.sleep(0.5)
    assert [line for line in _lines(log) if line.startswith("start")] == _lines(log)[:4]
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    assert err.count("starting it again") == 3, err


def test_a_configuration_failure_is_not_retried(tmp_path: Path) -> None:
    log = tmp_path / "starts"
    proc = _supervise(log, crashes=5, code=2)  # Dramatiq's RET_IMPORT
    assert proc.wait(timeout=20) == 2
    assert len(_lines(log)) == 1
