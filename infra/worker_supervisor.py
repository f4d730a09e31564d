"""`kabinet worker` keeps Dramatiq running: a crashed worker process is started again.

Dramatiq 2.x's own supervisor ends as soon as one of its worker processes dies (it stops
the others and exits with code 1), and it has no option to restart them. So `kabinet
worker` runs Dramatiq as its child and starts it again when it ends without being asked
to: at once after a long run, with delays doubling up to `longest_delay` when it keeps
crashing. Messages the dead process held are redelivered by the broker; the jobs'
claims keep each one run once.

Not restarted: an exit asked for (SIGTERM/SIGINT to `kabinet worker`, passed on to
Dramatiq once), and Dramatiq's configuration failures (a module that does not import,
a bad argument, a PID file in use), which no restart mends. SIGHUP is passed on
(Dramatiq reloads itself in place). A process manager (systemd's `Restart=always`,
docs/DEPLOY.md) still guards `kabinet worker` itself.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from types import FrameType

log = logging.getLogger("kabinet.worker")

# Dramatiq's exit codes (dramatiq.cli): RET_IMPORT, RET_PIDFILE are not worth a restart.
FOR_GOOD = {2: "a module did not import or an argument is wrong", 4: "the PID file is in use"}


def supervise(
    command: Sequence[str],
    *,
    first_delay: float = 1.0,
    longest_delay: float = 30.0,
    steady_after: float = 60.0,
) -> int:
    """Run `command` until asked to stop; returns the exit code for `kabinet worker`."""
    stopping = threading.Event()
    child: subprocess.Popen[bytes] | None = None

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if signum != signal.SIGHUP:
            stopping.set()
        if child is not None and child.poll() is None:
            # SIGINT becomes SIGTERM, as Dramatiq itself does for its children.
            child.send_signal(signal.SIGHUP if signum == signal.SIGHUP else signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)

    delay = first_delay
    while True:
        started = time.monotonic()
        child = subprocess.Popen(list(command))
        if stopping.is_set():  # a signal between the check and the start
            child.send_signal(signal.SIGTERM)
        code = child.wait()
        if stopping.is_set():
            return 0 if code in (0, -signal.SIGTERM) else (code if code > 0 else 1)
        if code in FOR_GOOD:
            log.error("kabinet worker: Dramatiq exited with code %s (%s)", code, FOR_GOOD[code])
            return code
        ran = time.monotonic() - started
        delay = first_delay if ran >= steady_after else delay
        log.error(
            "kabinet worker: Dramatiq exited with code %s after %.0f s (a worker process "
            "died); starting it again in %.0f s",
            code,
            ran,
            delay,
        )
        if stopping.wait(delay):
            return 0
        delay = min(delay * 2, longest_delay)
