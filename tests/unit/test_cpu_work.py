"""Issue 9: argon2 and heavy work run on worker threads, never on the event loop's."""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures.process import BrokenProcessPool

import pytest

from infra.cpu import ProcessCpuWork, ThreadCpuWork
from infra.passwords import Argon2PasswordHasher


async def test_heavy_work_runs_beside_the_loop_bounded_by_its_threads() -> None:
    work = ThreadCpuWork(1, "test-heavy")
    seen: list[str] = []
    running = 0
    most = 0
    lock = threading.Lock()

    def job() -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threading.Event().wait(0.02)
        with lock:
            running -= 1
        return threading.current_thread().name

    seen = await asyncio.gather(*(work.run(job) for _ in range(4)))
    work.close()
    assert all(name.startswith("test-heavy") for name in seen)
    assert most == 1  # one thread: two callers cannot occupy two cores


async def test_d18_password_is_verified_off_the_event_loop() -> None:
    loop_thread = threading.current_thread().name
    threads: list[str] = []

    class Spy(ThreadCpuWork):
        async def run(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            def traced():  # type: ignore[no-untyped-def]
                threads.append(threading.current_thread().name)
                return fn(*args, **kwargs)

            return await super().run(traced)

    work = Spy(1, "test-argon2")
    hasher = Argon2PasswordHasher(fast=True, cpu=work)
    hashed = hasher.hash("secret")
    assert await hasher.verify(hashed, "secret")
    assert not await hasher.verify(hashed, "wrong")
    work.close()
    assert threads and all(t != loop_thread and t.startswith("test-argon2") for t in threads)


async def test_switch_interval_is_short_only_while_cpu_work_runs() -> None:
    # Issue 9 wants the loop back quickly from a thread doing Python work; issue 11: a
    # short interval all the time made each request dearer at 16 in flight.
    import sys

    from infra import cpu

    before = sys.getswitchinterval()
    work = ThreadCpuWork(1, "test-switch")
    seen: list[float] = []
    try:
        cpu.use_short_switch_interval_while_busy(0.0005)
        assert sys.getswitchinterval() == cpu.IDLE_SWITCH_INTERVAL
        seen = await asyncio.gather(*(work.run(sys.getswitchinterval) for _ in range(3)))
        assert seen == [0.0005] * 3
        assert sys.getswitchinterval() == cpu.IDLE_SWITCH_INTERVAL

        def fails() -> None:
            raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            await work.run(fails)
        assert sys.getswitchinterval() == cpu.IDLE_SWITCH_INTERVAL
        assert cpu.SWITCH.running == 0
    finally:
        work.close()
        cpu.SWITCH.busy = None
        sys.setswitchinterval(before)


def _where() -> tuple[int, int]:
    return os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)


async def test_process_work_runs_in_a_child_at_low_priority() -> None:
    work = ProcessCpuWork(1, nice=19)
    try:
        pid, nice = await work.run(_where)
        again, _ = await work.run(_where)
    finally:
        work.close()
    assert pid != os.getpid() and again == pid  # one child, started once
    assert nice == 19
    assert not work.has_processes


def _die() -> None:
    os._exit(1)  # the child killed in the middle of the work (the OOM killer, say)


async def test_a_dead_child_is_replaced_by_a_new_one_at_the_next_call() -> None:
    work = ProcessCpuWork(1)
    try:
        first, _ = await work.run(_where)
        with pytest.raises(BrokenProcessPool):
            await work.run(_die)
        assert not work.has_processes  # the broken pool is given up
        second, _ = await work.run(_where)
    finally:
        work.close()
    assert second not in (first, os.getpid())
