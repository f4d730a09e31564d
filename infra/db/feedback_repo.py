"""Feedback tickets and their replies (D17) in the database."""

from __future__ import annotations

from datetime import datetime

from domain.feedback import FeedbackReply, FeedbackTicket, TicketStatus
from domain.ids import ClientId, TicketId
from domain.paging import Page, PageRequest
from infra.db import models as m
from infra.db.repositories import fetch_page


def _ticket(row: m.FeedbackTicketRow, replies: list[m.FeedbackReplyRow]) -> FeedbackTicket:
    return FeedbackTicket(
        id=TicketId(row.id),
        subject=row.subject,
        text=row.text,
        status=TicketStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        replies=tuple(
            FeedbackReply(
                author=r.author,
                text=r.text,
                created_at=r.created_at,
                from_operator=r.author != row.created_by,
            )
            for r in replies
        ),
    )


class TortoiseFeedbackRepository:
    async def add(
        self, client_id: ClientId, subject: str, text: str, created_by: str, at: datetime
    ) -> FeedbackTicket:
        row = await m.FeedbackTicketRow.create(
            client_id=client_id,
            subject=subject,
            text=text,
            status=TicketStatus.OPEN.value,
            created_by=created_by,
            created_at=at,
        )
        return _ticket(row, [])

    async def get(self, client_id: ClientId, ticket_id: TicketId) -> FeedbackTicket | None:
        row = await m.FeedbackTicketRow.get_or_none(id=ticket_id, client_id=client_id)
        if row is None:
            return None
        replies = await m.FeedbackReplyRow.filter(ticket_id=row.id).order_by("created_at", "id")
        return _ticket(row, list(replies))

    async def add_reply(
        self, ticket_id: TicketId, author: str, text: str, status: TicketStatus, at: datetime
    ) -> None:
        await m.FeedbackReplyRow.create(
            ticket_id=ticket_id, author=author, text=text, created_at=at
        )
        await m.FeedbackTicketRow.filter(id=ticket_id).update(status=status.value)

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[FeedbackTicket]:
        rows, more = await fetch_page(
            m.FeedbackTicketRow.filter(client_id=client_id).order_by("-created_at", "-id"), page
        )
        replies: dict[int, list[m.FeedbackReplyRow]] = {r.id: [] for r in rows}
        if rows:
            for reply in await m.FeedbackReplyRow.filter(ticket_id__in=list(replies)).order_by(
                "created_at", "id"
            ):
                replies[reply.ticket_id].append(reply)  # type: ignore[attr-defined]
        return Page([_ticket(r, replies[r.id]) for r in rows], page.offset, more)
