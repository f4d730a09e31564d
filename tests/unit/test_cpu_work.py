"""Issue 9: argon2 and heavy work run on worker threads, never on the event loop's."""

from __future__ import annotations

import asyncio
import threading

from infra.cpu import ThreadCpuWork
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
