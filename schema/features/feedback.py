"""createFeedbackTicket and feedbackTickets with the operator's replies (D17)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.errors import DomainError
from domain.feedback import FeedbackTicket as DomainTicket
from domain.ids import TicketId
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import encode_id, ticket_pk
from schema.labels import label_field
from schema.paging import Connection, page_request, to_connection
from schema.types import Node


@strawberry.type(description="D17: a reply to a request, by the operator or the client.")
class FeedbackReply:
    author: str
    text: str
    created_at: datetime
    from_operator: bool


@strawberry.type(description="D17: a request to the operator's specialists.")
class FeedbackTicket(Node):
    subject: str
    text: str
    status: str

    status_label: str = label_field("ticket_status", "status")

    created_at: datetime
    replies: list[FeedbackReply]

    @classmethod
    def of(cls, t: DomainTicket) -> FeedbackTicket:
        return cls(
            id=strawberry.ID(encode_id("FeedbackTicket", t.id)),
            subject=t.subject,
            text=t.text,
            status=t.status.value,
            created_at=t.created_at,
            replies=[
                FeedbackReply(
                    author=r.author,
                    text=r.text,
                    created_at=r.created_at,
                    from_operator=r.from_operator,
                )
                for r in t.replies
            ],
        )

    @classmethod
    async def resolve_node(cls, info: Info, pk: int) -> FeedbackTicket | None:
        actor = info.context.require_actor()
        found = await info.context.container.feedback.ticket(actor, TicketId(pk))
        return cls.of(found) if found else None


@strawberry.input
class CreateFeedbackTicketInput:
    subject: str
    text: str


@strawberry.type
class CreateFeedbackTicketPayload:
    ticket: FeedbackTicket | None
    errors: list[UserError]


@strawberry.input
class ReplyToFeedbackTicketInput:
    ticket_id: strawberry.ID
    text: str


@strawberry.type
class ReplyToFeedbackTicketPayload:
    ticket: FeedbackTicket | None
    errors: list[UserError]


@strawberry.type
class FeedbackQuery:
    @strawberry.field(description="D17: the client's requests, newest first, with replies.")
    async def feedback_tickets(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[FeedbackTicket]:
        actor = info.context.require_actor()
        page = await info.context.container.feedback.list(actor, page_request(first, after))
        return to_connection(page, FeedbackTicket.of)


@strawberry.type
class FeedbackMutation:
    @strawberry.mutation(description="D17: open a request to the operator's specialists.")
    async def create_feedback_ticket(
        self, info: Info, input: CreateFeedbackTicketInput
    ) -> CreateFeedbackTicketPayload:
        actor = info.context.require_actor()
        try:
            ticket = await info.context.container.feedback.create(actor, input.subject, input.text)
        except DomainError as error:
            return CreateFeedbackTicketPayload(ticket=None, errors=[user_error(error)])
        return CreateFeedbackTicketPayload(ticket=FeedbackTicket.of(ticket), errors=[])

    @strawberry.mutation(
        description="D17: answer a specialist's reply; a RESOLVED request opens again."
    )
    async def reply_to_feedback_ticket(
        self, info: Info, input: ReplyToFeedbackTicketInput
    ) -> ReplyToFeedbackTicketPayload:
        actor = info.context.require_actor()
        try:
            ticket = await info.context.container.feedback.reply(
                actor, ticket_pk(str(input.ticket_id)), input.text
            )
        except DomainError as error:
            return ReplyToFeedbackTicketPayload(ticket=None, errors=[user_error(error)])
        return ReplyToFeedbackTicketPayload(ticket=FeedbackTicket.of(ticket), errors=[])
