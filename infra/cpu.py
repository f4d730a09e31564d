"""CPU-bound work off the event loop: a small pool of threads, so a few callers cannot
occupy every core and /healthz and everyone else's requests keep answering.

argon2-cffi releases the GIL, so hashing runs truly in parallel with the loop; pure
Python work (openpyxl, a 10,000-line check) still shares the GIL, but the loop gets it
back every switch interval (5 ms) instead of waiting for the whole job."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


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
        return await loop.run_in_executor(self._pool(), functools.partial(fn, *args, **kwargs))

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
