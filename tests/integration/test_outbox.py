"""The transactional outbox when the broker is down, and in-process retries."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from domain.commands import Command, RenderDocument, SendInvoiceEmail
from domain.ids import JobId, OutboxId
from infra.bootstrap import Container
from infra.db import models as m
from infra.db.outbox import OutboxRelay, TortoiseOutbox
from infra.queue.dispatch import InProcessDispatcher


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The container's own relay wakes only when kicked: this test drives its own relay.
    return {"relay_interval_seconds": 3600}


class FlakyBroker:
    """A broker that is down until told otherwise, and records what it took."""

    def __init__(self) -> None:
        self.down = True
        self.taken: list[tuple[Command, int]] = []

    def dispatch(self, command: Command, message_id: int) -> None:
        if self.down:
            raise ConnectionError("broker unreachable")
        self.taken.append((command, message_id))


async def test_a_message_the_broker_refused_stays_and_is_sent_once_later(
    container: Container,
) -> None:
    async with in_transaction():  # no unit of work: nothing kicks the container's relay
        row_id = await TortoiseOutbox().add(RenderDocument(JobId(42)))
    broker = FlakyBroker()
    relay = OutboxRelay(broker)

    assert await relay.relay_once() == 0
    row = await m.OutboxRow.get(id=row_id)
    assert row.dispatched_at is None and row.attempts == 1

    broker.down = False
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0
    assert broker.taken == [(RenderDocument(JobId(42)), row_id)]
    row = await m.OutboxRow.get(id=row_id)
    assert row.dispatched_at is not None and row.attempts == 2


async def test_outbox_key_records_a_job_once(container: Container) -> None:
    async with in_transaction():
        first = await TortoiseOutbox().add(RenderDocument(JobId(1)), key="k-1")
        again = await TortoiseOutbox().add(RenderDocument(JobId(1)), key="k-1")
    assert first == again
    assert await m.OutboxRow.filter(key="k-1").count() == 1


async def test_in_process_jobs_are_retried_after_a_failure() -> None:
    calls: list[Command] = []

    async def handle(command: Command) -> None:
        calls.append(command)
        if len(calls) == 1:
            raise RuntimeError("first attempt fails")

    dispatcher = InProcessDispatcher(handle, asyncio.get_running_loop(), backoff=0)
    dispatcher.dispatch(SendInvoiceEmail(JobId(7)), OutboxId(1))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if not dispatcher.tasks and calls:
            break
    assert calls == [SendInvoiceEmail(JobId(7)), SendInvoiceEmail(JobId(7))]


async def test_a_command_is_stored_as_its_name_and_fields(container: Container) -> None:
    async with in_transaction():
        row_id = await TortoiseOutbox().add(SendInvoiceEmail(JobId(5)), key="mail:5")
    row = await m.OutboxRow.get(id=row_id)
    assert (row.actor, row.payload, row.key) == ("send_invoice_email", {"email_id": 5}, "mail:5")


async def test_rows_queued_before_typed_commands_are_relayed_as_commands(
    container: Container,
) -> None:
    # A deployed database may hold rows written by the old code: a name and a dict, the
    # id now and then as a string. They are read as the commands they name.
    async with in_transaction():
        old = await m.OutboxRow.create(actor="render_document", payload={"job_id": 42})
        text = await m.OutboxRow.create(actor="send_invoice_email", payload={"email_id": "9"})
    broker = FlakyBroker()
    broker.down = False
    assert await OutboxRelay(broker).relay_once() == 2
    assert broker.taken == [
        (RenderDocument(JobId(42)), int(old.id)),
        (SendInvoiceEmail(JobId(9)), int(text.id)),
    ]


async def test_a_row_that_is_no_known_command_is_left_and_the_others_go_on(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    async with in_transaction():
        unknown = await m.OutboxRow.create(actor="from_a_newer_version", payload={"x": 1})
        broken = await m.OutboxRow.create(actor="render_document", payload={"job": 1})
        good = await TortoiseOutbox().add(RenderDocument(JobId(3)))
    broker = FlakyBroker()
    broker.down = False
    relay = OutboxRelay(broker)
    caplog.set_level(logging.DEBUG, logger="kabinet.outbox")
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0  # claimed again, quietly
    assert broker.taken == [(RenderDocument(JobId(3)), good)]
    left = await m.OutboxRow.filter(dispatched_at__isnull=True).order_by("id")
    assert [(int(r.id), r.attempts) for r in left] == [(int(unknown.id), 2), (int(broken.id), 2)]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2, errors  # once per row, not once per pass
    assert "from_a_newer_version" in errors[0] and "no job_id" in errors[1]


async def test_a_batch_of_unreadable_rows_does_not_spin_the_relay(container: Container) -> None:
    async with in_transaction():
        for n in range(3):
            await m.OutboxRow.create(actor="from_a_newer_version", payload={"n": n})
    broker = FlakyBroker()
    broker.down = False
    relay = OutboxRelay(broker, batch=3)  # a full batch, none readable: the pass ends
    assert await asyncio.wait_for(relay.relay_once(), timeout=5) == 0
    assert broker.taken == []
