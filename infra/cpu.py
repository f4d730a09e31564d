"""CPU-bound work off the event loop: a small pool of threads, so a few callers cannot
occupy every core and /healthz and everyone else's requests keep answering.

argon2-cffi releases the GIL, so hashing runs truly in parallel with the loop; pure
Python work (openpyxl, a 10,000-line check) still shares the GIL, but the loop gets it
back every switch interval instead of waiting for the whole job.

That interval is short (`KABINET_SWITCH_INTERVAL_SECONDS`, 0.5 ms) only while such a job
is running, and Python's 5 ms otherwise: a short interval all the time made every
request dearer the more requests were in flight (the loop and the SQLite driver's
thread handing the GIL back and forth; +25–60 % CPU per request at 16 concurrent
requests against one, bench/README.md, issue 11)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
LOG = logging.getLogger("kabinet.cpu")


# Python's default switch interval, kept while no CPU-work job runs.
IDLE_SWITCH_INTERVAL = 0.005


class _SwitchInterval:
    """The process's GIL switch interval: `busy` while any ThreadCpuWork job of the
    process is in flight (counted on the event loop's thread), the default otherwise."""

    def __init__(self) -> None:
        self.busy: float | None = None  # None: never changed (tests, tools)
        self.running = 0

    def enter(self) -> None:
        self.running += 1
        if self.running == 1 and self.busy is not None:
            sys.setswitchinterval(self.busy)

    def leave(self) -> None:
        self.running -= 1
        if self.running == 0 and self.busy is not None:
            sys.setswitchinterval(IDLE_SWITCH_INTERVAL)


SWITCH = _SwitchInterval()


def use_short_switch_interval_while_busy(seconds: float) -> None:
    """`kabinet serve`: the GIL switch interval while CPU work runs on worker threads."""
    SWITCH.busy = seconds
    sys.setswitchinterval(seconds if SWITCH.running else IDLE_SWITCH_INTERVAL)


class ThreadCpuWork:
    """CpuWork on at most `threads` worker threads; the rest wait their turn in order."""

    def __init__(self, threads: int, name: str, nice: int = 19) -> None:
        self._threads = max(1, threads)
        self._name = name
        self._nice = nice
        self._executor: ThreadPoolExecutor | None = None

    def _pool(self) -> ThreadPoolExecutor:
        # Created on first use, so that importing and wiring start no thread.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                self._threads, thread_name_prefix=self._name, initializer=self._lower_priority
            )
        return self._executor

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        loop = asyncio.get_running_loop()
        SWITCH.enter()
        try:
            return await loop.run_in_executor(self._pool(), functools.partial(fn, *args, **kwargs))
        finally:
            SWITCH.leave()

    def _lower_priority(self) -> None:
        # Linux gives each thread its own nice value (inherited by the threads argon2
        # starts for its lanes): the event loop's thread then wins the cores it needs
        # (~98 % at nice 19) while heavy work uses what is left.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self._nice)

    @property
    def has_threads(self) -> bool:
        """Whether the pool is open (made on first use, until close)."""
        return self._executor is not None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _child_priority(nice: int) -> None:
    """A worker process's initializer: the whole process at `nice`."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, 0, nice)


class ProcessCpuWork:
    """CpuWork in at most `processes` child processes (spawned on first use, at `nice`).

    For pure-Python work: a thread of ours at nice 19 that holds the GIL is rarely
    given a core when the machine is busy, and the event loop's thread then waits for
    the GIL behind it far beyond the switch interval (py-spy: 130-290 ms at a time
    under bench_abuse.py, bench/README.md). A child process has a GIL of its own.
    `fn`, its arguments and its result travel pickled: module-level functions only."""

    def __init__(self, processes: int, nice: int = 19) -> None:
        self._processes = max(1, processes)
        self._nice = nice
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self._processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_child_priority,
                initargs=(self._nice,),
            )
        return self._executor

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool(), functools.partial(fn, *args, **kwargs))
        except BrokenProcessPool:
            # The child died (killed, out of memory): the next call starts a new one.
            self.close()
            raise

    @property
    def has_processes(self) -> bool:
        """Whether the pool is open (made on first use, until close)."""
        return self._executor is not None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


class ProcessFirstCpuWork:
    """CpuWork in the child process, and on the threads if the child cannot take it.

    The heavy work of a request (an uploaded list parsed, 10,000 lines checked) outside
    `kabinet serve`'s process: on a thread of ours at nice 19 it held the GIL while the
    busy machine gave it no core, and the loop waited behind it (bench/README.md, issue
    9). A child that died (killed, out of memory) or a call that cannot travel pickled
    is a warning and the same call on the threads: the caller gets its answer anyway."""

    def __init__(self, process: ProcessCpuWork, threads: ThreadCpuWork) -> None:
        self._process = process
        self._threads = threads

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await self._process.run(fn, *args, **kwargs)
        except (BrokenProcessPool, OSError, pickle.PicklingError) as error:
            LOG.warning("heavy work not done in the worker process: %r", error)
            return await self._threads.run(fn, *args, **kwargs)
