"""The administrator's requests to the operator (D17)."""

from __future__ import annotations

from domain.auth import Actor
from domain.errors import NotFound
from domain.feedback import (
    FeedbackTicket,
    status_after_reply,
    validate_reply,
    validate_subject,
    validate_text,
)
from domain.ids import TicketId
from domain.paging import Page, PageRequest
from domain.ports import AuditLog, Clock, FeedbackRepository, UnitOfWork


class FeedbackService:
    """D17: open a request; list the client's requests with the operator's replies."""

    def __init__(
        self, uow: UnitOfWork, tickets: FeedbackRepository, audit: AuditLog, clock: Clock
    ) -> None:
        self._uow = uow
        self._tickets = tickets
        self._audit = audit
        self._clock = clock

    async def create(self, actor: Actor, subject: str, text: str) -> FeedbackTicket:
        """D17: a new request, OPEN, with a subject and a text."""
        clean_subject = validate_subject(subject)
        clean_text = validate_text(text)
        now = self._clock.now()
        async with self._uow.transaction():
            ticket = await self._tickets.add(
                actor.client_id, clean_subject, clean_text, actor.login, now
            )
            await self._audit.record(
                actor.client_id,
                actor.login,
                "createFeedbackTicket",
                f"ticket {ticket.id}",
                None,
                {"subject": ticket.subject, "status": ticket.status.value},
                now,
            )
        return ticket

    async def list(self, actor: Actor, page: PageRequest) -> Page[FeedbackTicket]:
        return await self._tickets.list(actor.client_id, page)

    async def ticket(self, actor: Actor, ticket_id: TicketId) -> FeedbackTicket | None:
        return await self._tickets.get(actor.client_id, ticket_id)

    async def reply(self, actor: Actor, ticket_id: TicketId | None, text: str) -> FeedbackTicket:
        """D17: the administrator answers a request of their client (D18: else NOT_FOUND)."""
        clean = validate_reply(text)
        now = self._clock.now()
        async with self._uow.transaction():
            ticket = await self._tickets.get(actor.client_id, ticket_id) if ticket_id else None
            if ticket is None:
                raise NotFound("ticketId")
            status = status_after_reply(ticket.status)
            await self._tickets.add_reply(ticket.id, actor.login, clean, status, now)
            await self._audit.record(
                actor.client_id,
                actor.login,
                "replyToFeedbackTicket",
                f"ticket {ticket.id}",
                {"status": ticket.status.value, "replies": len(ticket.replies)},
                {"status": status.value, "replies": len(ticket.replies) + 1, "text": clean[:200]},
                now,
            )
        found = await self._tickets.get(actor.client_id, ticket.id)
        assert found is not None  # just written in this client's scope
        return found
