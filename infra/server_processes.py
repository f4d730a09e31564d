"""`kabinet serve --workers N`: N server processes, each with a listening socket of its own.

uvicorn's own supervisor hands one listening socket to all its processes. Whichever
process wakes first on a new connection accepts every connection waiting on it (asyncio
accepts up to the backlog per wake-up), so a burst of new keep-alive connections (a
front end's, a proxy's pool, a benchmark's) can land on one process while the other
stays idle: `bench_workers.py` gave two processes the throughput of one in two rounds
of three (bench/README.md).

Here every process listens on a socket of its own, bound to the same address with
SO_REUSEPORT, and the kernel spreads new connections over the sockets by a hash of
their addresses: with 16 connections and two processes, both get some unless the hash
puts all 16 on one (2 in 65,536).

The supervisor binds the sockets itself, so a port in use is refused before any
process starts. A process that dies is started again on the same socket: connections
that arrived meanwhile wait in its queue for the new process instead of being lost.
One that fails its start (the app does not import, its lifespan fails) stops them all,
as uvicorn does. SIGINT and SIGTERM stop every process (each finishes its requests
and runs its lifespan's shutdown) and then the supervisor. SIGHUP replaces the
processes one at a time, each new one on its predecessor's socket and ready before
that one stops, so that no connection waits meanwhile (new code or settings without a
restart).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from types import FrameType

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Process

log = logging.getLogger("uvicorn.error")

# A replacement (SIGHUP) must be serving within this, or the old process is kept: the
# app's imports and startup take seconds on a busy machine.
READY_WITHIN = 60.0


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) that other processes can bind too (SO_REUSEPORT);
    each server process listens on its own (uvicorn's `create_server` calls listen)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve_processes(config: Config, workers: int) -> int:
    """Run `workers` server processes until SIGINT/SIGTERM; the exit code of `kabinet serve`."""
    try:
        sockets = [listening_socket(config.host, config.port) for _ in range(workers)]
    except OSError as error:
        log.error("kabinet serve: cannot listen on %s:%s (%s)", config.host, config.port, error)
        return 1
    stopping = threading.Event()
    replacing = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            log.info("Received SIGHUP, replacing the processes one at a time.")
            replacing.set()
            return
        log.info("Received %s, exiting.", signal.Signals(signum).name)
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    log.info("Started parent process [%s]", os.getpid())
    processes = [_started(config, sock) for sock in sockets]
    code = 0
    try:
        while not stopping.wait(0.5):
            if replacing.is_set():
                replacing.clear()
                for slot, process in enumerate(processes):
                    # The new process shares the old one's socket until it is ready;
                    # then the old one finishes its requests and stops.
                    new = _started(config, sockets[slot])
                    if not new.wait_until_ready(READY_WITHIN, stopping):
                        new.kill()
                        new.join()
                        if not stopping.is_set():
                            log.error("[%s] was not ready; kept [%s]", new.pid, process.pid)
                        break
                    process.terminate()
                    process.join()
                    processes[slot] = new
            for slot, process in enumerate(processes):
                if stopping.is_set() or process.is_alive(config.timeout_worker_healthcheck):
                    continue
                process.kill()  # dead, or alive but not answering: hung
                process.join()
                if process.exitcode == STARTUP_FAILURE:
                    # The app, its lifespan or the database fails on every start alike.
                    log.error("Child process [%s] failed to start; stopping.", process.pid)
                    stopping.set()
                    code = STARTUP_FAILURE
                    break
                log.info("Child process [%s] died; starting another", process.pid)
                processes[slot] = _started(config, sockets[slot])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        for sock in sockets:
            sock.close()
        log.info("Stopping parent process [%s]", os.getpid())
    return code


def _started(config: Config, sock: socket.socket) -> Process:
    process = Process(config, [sock])
    process.start()
    return process
