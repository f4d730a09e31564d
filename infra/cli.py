"""The `kabinet` command: migrate, demo, serve, worker, form-invoices, resend-email."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from infra.logs import configure_logging, log_config
from infra.request_context import install_request_id_in_log_records
from infra.settings import Settings

log = logging.getLogger("kabinet.cli")


def _migrate(settings: Settings) -> None:
    from infra.db.database import close_database, migrate

    async def run() -> None:
        await migrate(settings.database_url)
        await close_database()

    asyncio.run(run())
    print("База данных обновлена.")


def _demo(settings: Settings, args: argparse.Namespace) -> None:
    from infra.bootstrap import bootstrap
    from infra.demo import demo_size_from_options, load_demo
    from infra.loops import running

    if settings.env == "production":
        sys.exit("kabinet demo: демо-данные не загружаются в production.")
    container = bootstrap(settings)
    size = demo_size_from_options(args.large, args.subscribers, args.calls_per_month)

    async def run() -> None:
        async with running(container, relay=False, maintenance=False, migrate_first=True):
            summary = await load_demo(container.clock.now(), container.hasher, size)
        print(summary)

    asyncio.run(run())


def default_workers(settings: Settings) -> int:
    """Server processes when --workers is not given: the CPU count on PostgreSQL, 1 on SQLite.

    SQLite takes one writer at a time, and in WAL mode a transaction that read before
    another process wrote cannot write at all ("database is locked" at once, not after
    a wait): several server processes on one SQLite file turn contention into refused
    requests. `--workers N` is still honoured there (the outbox relay's claim and the
    jobs' compare-and-set keep every job run once), but it is never the default.
    """
    url = settings.database_url
    if url.startswith(("postgres://", "postgresql://")):
        return max(1, os.cpu_count() or 1)
    return 1


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    # The GIL switch interval is short while worker threads do Python CPU work (issue 9)
    # and Python's own otherwise (issue 11): set by the app in each process (infra/cpu.py).
    workers = args.workers if args.workers is not None else default_workers(settings)
    if workers < 1:
        sys.exit("kabinet serve: --workers должно быть не меньше 1.")
    if workers > 1 and not settings.database_url.startswith(("postgres://", "postgresql://")):
        log.warning(
            "kabinet serve --workers %s on SQLite: one writer at a time; "
            "concurrent writes of several processes may be refused (use PostgreSQL)",
            workers,
        )
    config = uvicorn.Config(
        "schema.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        workers=workers,
        # uvicorn applies it in each process: the same lines (JSON in production) in all.
        log_config=log_config(settings.effective_log_format, settings.log_level),
        # The app decides which X-Forwarded-For to believe (KABINET_TRUSTED_PROXIES).
        proxy_headers=False,
        # The app logs each request itself (schema/access_log.py): uvicorn's line holds
        # the query string, i.e. a GET operation with its variables, passwords included.
        access_log=False,
    )
    if workers == 1:
        config.load_app()
        server = uvicorn.Server(config)
        server.run()
        if not server.started:
            sys.exit(STARTUP_FAILURE)
        return
    # N > 1: a supervisor and N processes, each with its own app, lifespan, background
    # loops (relay and maintenance are safe in several processes) and listening socket.
    from infra.server_processes import serve_processes

    sys.exit(serve_processes(config, workers))


def _worker(settings: Settings, args: argparse.Namespace) -> None:
    if not settings.broker_url:
        sys.exit("kabinet worker: задайте KABINET_BROKER_URL (redis://… или amqp://…).")
    command = [
        sys.executable,
        "-m",
        "dramatiq",
        "workers.actors",
        "--processes",
        str(args.processes),
        "--threads",
        str(args.threads),
        "--queues",
        settings.queue,
    ]
    if settings.metrics_port is not None:
        # prometheus-client's multiprocess mode: every worker process writes its counters
        # here, and whichever process holds the port serves them all (workers/actors.py).
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kabinet-metrics-")
    # Dramatiq as a child, started again when one of its processes dies (its own
    # supervisor then exits); SIGTERM to `kabinet worker` is passed on to it once.
    from infra.worker_supervisor import supervise

    sys.exit(supervise(command))


def main(argv: Sequence[str] | None = None) -> None:
    install_request_id_in_log_records()
    parser = argparse.ArgumentParser(prog="kabinet", description="Kabinet API")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    demo = sub.add_parser("demo", help="migrate and load the demo data (development only)")
    demo.add_argument("--large", action="store_true", help="a large data set for benchmarks")
    demo.add_argument("--subscribers", type=int, default=None)
    demo.add_argument("--calls-per-month", type=int, default=None)
    serve = sub.add_parser("serve", help="serve the API (and in-process jobs without a broker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (default: the CPU count on PostgreSQL, 1 on SQLite)",
    )
    worker = sub.add_parser("worker", help="run job workers against KABINET_BROKER_URL")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--threads", type=int, default=4)
    form = sub.add_parser("form-invoices", help="form and deliver the invoices of a closed period")
    form.add_argument("--period", required=True, help="YYYY-MM")
    resend = sub.add_parser(
        "resend-email", help="send a finished sending's FAILED addresses again (operator)"
    )
    resend.add_argument("email_id", type=int, help="the sending's id (invoice_email_request)")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.effective_log_format, settings.log_level)
    if args.command == "migrate":
        _migrate(settings)
    elif args.command == "demo":
        _demo(settings, args)
    elif args.command == "serve":
        _serve(settings, args)
    elif args.command == "worker":
        _worker(settings, args)
    elif args.command == "form-invoices":
        from infra.jobs_cli import form_invoices

        form_invoices(settings, args.period)
    elif args.command == "resend-email":
        from infra.jobs_cli import resend_email

        sys.exit(resend_email(settings, args.email_id))


if __name__ == "__main__":
    main()
