"""Ports of feedback tickets (D17)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.feedback import FeedbackTicket, TicketStatus
from domain.ids import ClientId, TicketId
from domain.paging import Page, PageRequest


class FeedbackRepository(Protocol):
    async def add(
        self, client_id: ClientId, subject: str, text: str, created_by: str, at: datetime
    ) -> FeedbackTicket: ...

    async def get(self, client_id: ClientId, ticket_id: TicketId) -> FeedbackTicket | None: ...

    async def list(self, client_id: ClientId, page: PageRequest) -> Page[FeedbackTicket]: ...

    async def add_reply(
        self, ticket_id: TicketId, author: str, text: str, status: TicketStatus, at: datetime
    ) -> None: ...
