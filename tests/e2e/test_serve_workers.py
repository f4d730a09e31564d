"""`kabinet serve --workers 2`: two server processes on PostgreSQL, each with its own
background loops and listening socket, both serving a burst of new connections, running
each in-process job once, a killed one started again and SIGHUP replacing both on
their sockets, and stopping cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx

from tests.db_fixtures import Backend
from tests.e2e.serving import CLI, ROOT, free_port, serve_env, serving

ACCOUNTS = (
    "{ billingAccounts(first: 100) { nodes { id number "
    "invoices(first: 3) { nodes { period } } } } }"
)


async def test_serve_with_two_workers_serves_runs_jobs_once_and_stops_cleanly(
    worker_backend: Backend, tmp_path: Path
) -> None:
    url = await worker_backend.fresh_url()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = serve_env(
        tmp_path,
        base,
        url,
        KABINET_FAKE_CLOCK="frozen",
        KABINET_RELAY_INTERVAL_SECONDS="0.2",
    )
    log_path = tmp_path / "serve.log"
    with (
        log_path.open("wb") as output,
        serving(port, env, output, "--workers", "2", stop_timeout=60) as proc,
    ):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await _until_both_started(log_path)
            await _both_processes_take_new_connections(proc.pid, port)

            login = await http.post(
                "/graphql",
                json={
                    "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
                    "variables": {"i": {"login": "demo", "password": "demo"}},
                },
            )
            headers = {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}
            answers = await asyncio.gather(
                *[
                    http.post("/graphql", json={"query": ACCOUNTS}, headers=headers)
                    for _ in range(24)
                ]
            )
            bodies = [a.json() for a in answers]
            assert all(a.status_code == 200 for a in answers)
            assert all(b == bodies[0] for b in bodies) and not bodies[0].get("errors")
            account = bodies[0]["data"]["billingAccounts"]["nodes"][0]["id"]

            jobs = []
            for fmt in ("PDF", "XLSX"):
                order = await http.post(
                    "/graphql",
                    json={
                        "query": "mutation($i: OrderInvoiceDownloadInput!) { "
                        "orderInvoiceDownload(input: $i) { job { id } errors { code } } }",
                        "variables": {
                            "i": {
                                "billingAccountId": account,
                                "period": "2026-10",
                                "format": fmt,
                            }
                        },
                    },
                    headers=headers,
                )
                jobs.append(order.json()["data"]["orderInvoiceDownload"]["job"]["id"])
            status = ""
            for job in jobs:
                for _ in range(300):
                    answer = await http.post(
                        "/graphql",
                        json={
                            "query": "query($id: ID!) { documentJob(id: $id) { status } }",
                            "variables": {"id": job},
                        },
                        headers=headers,
                    )
                    status = answer.json()["data"]["documentJob"]["status"]
                    if status in ("DONE", "FAILED"):
                        break
                    await asyncio.sleep(0.2)
                assert status == "DONE"

            # A process that dies is started again, listening on the same socket.
            listening = _sockets(port, state="0A")
            dead = _children(proc.pid)[0]
            os.kill(dead, signal.SIGKILL)
            await _until_started(log_path, 3)
            assert dead not in _children(proc.pid) and len(_children(proc.pid)) == 2
            assert _sockets(port, state="0A") == listening
            again = await http.post("/graphql", json={"query": ACCOUNTS}, headers=headers)
            assert again.json() == bodies[0]

            # SIGHUP: both replaced in turn on their sockets, each new one ready first.
            before = set(_children(proc.pid))
            proc.send_signal(signal.SIGHUP)
            await _until_started(log_path, 5)
            for _ in range(100):  # the second old process finishing its shutdown
                if not before & set(_children(proc.pid)):
                    break
                await asyncio.sleep(0.2)
            assert not before & set(_children(proc.pid)) and len(_children(proc.pid)) == 2
            assert _sockets(port, state="0A") == listening
            again = await http.post("/graphql", json={"query": ACCOUNTS}, headers=headers)
            assert again.json() == bodies[0]
    code = proc.returncode
    text = _log(log_path)
    assert code == 0, text[-3000:]
    # 2 at first, 1 after the kill, 2 after SIGHUP; all but the killed one shut down.
    assert text.count("Application startup complete") == 5, text[-3000:]
    assert text.count("Application shutdown complete") == 4, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    # Each job's message went out once, and each job ran once (two relays, one claim).
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        sent = await conn.fetch("SELECT attempts FROM outbox WHERE dispatched_at IS NOT NULL")
        runs = await conn.fetch("SELECT attempts FROM document_job")
    finally:
        await conn.close()
    assert sent and all(row["attempts"] == 1 for row in sent)
    assert len(runs) >= 2 and all(row["attempts"] == 1 for row in runs)


def test_serve_with_two_workers_on_a_port_in_use_exits_before_starting_them(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = serve_env(tmp_path, f"http://127.0.0.1:{port}", f"sqlite://{tmp_path}/db.sqlite3")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = subprocess.run(
            [*CLI, "serve", "--port", str(port), "--workers", "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )
    text = done.stderr.decode(errors="replace")
    assert done.returncode == 1, text
    assert f"cannot listen on 127.0.0.1:{port}" in text and "Address already in use" in text
    assert "Started parent process" not in text and "Traceback" not in text


async def _both_processes_take_new_connections(parent: int, port: int) -> None:
    """Each server process listens on a socket of its own (SO_REUSEPORT), and 16 new
    connections opened at once are spread over both. With one shared socket, the process
    that wakes first often accepts them all (infra/server_processes.py)."""
    children = _children(parent)
    assert len(children) == 2, children
    listening = _sockets(port, state="0A")
    owners = {pid: _socket_inodes(pid) & listening for pid in children}
    assert len(listening) == 2 and all(len(inodes) == 1 for inodes in owners.values()), owners
    assert owners[children[0]] != owners[children[1]], owners

    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") for _ in range(16)]
    try:
        answers = await asyncio.gather(*[client.get("/healthz") for client in clients])
        assert all(a.status_code == 200 for a in answers)
        # The connections are kept alive: each is an established socket of one process.
        established = _sockets(port, state="01")
        taken = {pid: len(_socket_inodes(pid) & established) for pid in children}
        assert sum(taken.values()) == 16 and all(n > 0 for n in taken.values()), taken
    finally:
        await asyncio.gather(*[client.aclose() for client in clients])


def _children(parent: int) -> list[int]:
    """The server processes (multiprocessing's spawned children; not its resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid …: comm may hold spaces, so split after its ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
                continue
            if b"spawn_main" in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
    return sorted(found)


def _sockets(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local `port` in `state` (0A listening, 01 established)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _started(log_path: Path) -> int:
    return log_path.read_text(errors="replace").count("Application startup complete")


async def _until_both_started(log_path: Path) -> None:
    await _until_started(log_path, 2)


async def _until_started(log_path: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _started(log_path) >= count:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"fewer than {count} server processes started")


def _log(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")
