"""Jobs whose worker died or whose message was lost are sent again: never stuck.

An in-process job (the embedded default) is lost when the server stops; a broker
can lose a message. The one recovery pass sends again a QUEUED job untouched for
LOST_AFTER (once per LOST_AFTER) and a RUNNING one with no heartbeat for DEAD_AFTER,
and the jobs carry out only what is left (D9, D13, D14).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tortoise.models import Model

from domain.job_store import LOST_AFTER
from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from infra.loops import maintain_once
from tests.api.menu_helpers import (
    accepted_rename,
    accepted_service_change,
    add_subscribers,
    client_id_of,
)
from tests.smtp_server import parse

LATER = LOST_AFTER + timedelta(minutes=1)


async def _outbox() -> int:
    return await m.OutboxRow.all().count()


async def _wait(model: type[Model], pk: int, *final: str) -> str:
    for _ in range(400):
        status = str((await model.get(id=pk)).status)  # type: ignore[attr-defined]
        if status in final:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError(f"{model.__name__} {pk} stayed {status}")


async def test_d13_a_rename_request_whose_message_was_lost_is_carried_out(
    container: Container, clock: FixedClock
) -> None:
    numbers = await add_subscribers("demo", 30)
    request = await accepted_rename(container, numbers)
    before = await _outbox()
    await maintain_once(container)  # still fresh: left alone
    assert await _outbox() == before
    clock.advance(LATER)
    await maintain_once(container)
    assert await _outbox() == before + 1
    await maintain_once(container)  # just sent again: not once more
    assert await _outbox() == before + 1
    assert await _wait(m.RenameRequestRow, request.id, "DONE") == "DONE"
    names = await m.SubscriberRow.filter(number__in=numbers).values_list("number", "name")
    assert sorted(names) == sorted((n, f"Сотрудник {i}") for i, n in enumerate(numbers))
    assert await m.AuditRow.filter(action="renameSubscriber").count() == len(numbers)


async def test_d13_a_rename_job_whose_worker_died_halfway_finishes_the_rest_once(
    container: Container, clock: FixedClock
) -> None:
    numbers = await add_subscribers("demo", 10)
    request = await accepted_rename(container, numbers)
    # The worker had started and renamed the first four lines when it died.
    await m.RenameRequestRow.filter(id=request.id).update(status="RUNNING", touched_at=clock.now())
    first = await m.RenameLineRow.filter(request_id=request.id).order_by("position").limit(4)
    await m.RenameLineRow.filter(id__in=[r.id for r in first]).update(status="DONE")
    await m.SubscriberRow.filter(number__in=numbers[:4]).update(name="Уже переименован")
    clock.advance(LATER)
    await maintain_once(container)
    assert await _wait(m.RenameRequestRow, request.id, "DONE") == "DONE"
    assert {
        str(value)
        for value in await m.SubscriberRow.filter(number__in=numbers[:4]).values_list(
            "name", flat=True
        )
    } == {"Уже переименован"}
    assert await m.AuditRow.filter(action="renameSubscriber").count() == 6


async def test_d14_a_service_request_whose_message_was_lost_is_carried_out(
    container: Container, clock: FixedClock
) -> None:
    numbers = await add_subscribers("demo", 12)
    request = await accepted_service_change(container, numbers)
    before = await _outbox()
    clock.advance(LATER)
    await maintain_once(container)
    assert await _outbox() == before + 1
    assert await _wait(m.ServiceRequestRow, request.id, "DONE") == "DONE"
    assert {
        str(value)
        for value in await m.ServiceLineRow.filter(request_id=request.id).values_list(
            "result", flat=True
        )
    } == {"DONE"}
    assert await m.AuditRow.filter(action="changeSubscriberService").count() == len(numbers)


async def test_d9_a_charges_report_whose_worker_died_is_sent_once(
    container: Container, clock: FixedClock
) -> None:
    client_id = await client_id_of("demo")
    account = await m.BillingAccountRow.filter(client_id=client_id).order_by("number").first()
    client = await m.ClientRow.get(id=client_id)
    assert account is not None and client.email
    # Claimed by a worker that died before mailing it.
    report = await m.ChargesReportRow.create(
        client_id=client_id,
        account_id=account.id,
        email=client.email,
        status="RUNNING",
        requested_by="demo",
        created_at=clock.now(),
        touched_at=clock.now(),
    )
    before = await _outbox()
    await maintain_once(container)  # its worker may still be at it
    assert await _outbox() == before
    clock.advance(LATER)
    await maintain_once(container)
    assert await _outbox() == before + 1
    assert await _wait(m.ChargesReportRow, report.id, "DONE", "FAILED") == "DONE"
    [eml] = sorted(container.settings.outbox_dir.glob("*.eml"))
    assert [a.addr_spec for a in parse(eml.read_bytes())["To"].addresses] == [client.email]
