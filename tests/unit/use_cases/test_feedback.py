"""FeedbackService on fakes (D17, D18)."""

from __future__ import annotations

import pytest

from domain.errors import DomainError, ErrorCode
from domain.feedback import TicketStatus
from domain.paging import PageRequest
from domain.use_cases.feedback import FeedbackService
from tests.unit.use_cases.world import ME, OTHER, World


def service(world: World) -> FeedbackService:
    return FeedbackService(world.uow, world.feedback, world.audit, world.clock)


async def test_d17_new_request_is_open_and_audited(world: World) -> None:
    ticket = await service(world).create(ME, "  Счёт  ", "Не пришёл счёт за октябрь.")
    assert (ticket.subject, ticket.status, ticket.created_by) == ("Счёт", TicketStatus.OPEN, "demo")
    assert [t.id for t in (await service(world).list(ME, PageRequest())).items] == [ticket.id]
    assert world.audit.actions() == ["createFeedbackTicket"]


async def test_d17_empty_subject_is_refused_and_saves_nothing(world: World) -> None:
    with pytest.raises(DomainError):
        await service(world).create(ME, "   ", "Текст")
    assert world.feedback.rows == {} and world.audit.records == []


async def test_d17_reply_adds_to_the_request(world: World) -> None:
    ticket = await service(world).create(ME, "Счёт", "Текст")
    answered = await service(world).reply(ME, ticket.id, "Спасибо")
    assert [(r.author, r.text) for r in answered.replies] == [("demo", "Спасибо")]
    assert world.audit.records[-1].after == {"status": "OPEN", "replies": 1, "text": "Спасибо"}


async def test_d17_closed_request_takes_no_reply(world: World) -> None:
    ticket = await service(world).create(ME, "Счёт", "Текст")
    client_id, stored = world.feedback.rows[ticket.id]
    world.feedback.rows[ticket.id] = (
        client_id,
        type(stored)(**{**vars(stored), "status": TicketStatus.CLOSED}),
    )
    with pytest.raises(DomainError) as refused:
        await service(world).reply(ME, ticket.id, "Ещё")
    assert refused.value.code is ErrorCode.TICKET_CLOSED
    assert world.feedback.rows[ticket.id][1].replies == ()
    assert world.audit.actions() == ["createFeedbackTicket"]


async def test_d18_reply_to_other_clients_request_is_not_found(world: World) -> None:
    theirs = await service(world).create(OTHER, "Их", "Текст")
    with pytest.raises(DomainError) as refused:
        await service(world).reply(ME, theirs.id, "Чужое")
    assert (refused.value.code, refused.value.field) == (ErrorCode.NOT_FOUND, "ticketId")
    assert world.feedback.rows[theirs.id][1].replies == ()
    assert await service(world).ticket(ME, theirs.id) is None
