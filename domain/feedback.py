"""The administrator's requests to the operator's specialists (D17).

Decisions fixed here: the subject is trimmed, 1..200 characters, one line; the text is
trimmed, 1..5,000 characters, line breaks and tabs allowed, no other control characters.
The administrator may answer a request (a reply, same rules as a text): a reply to a
RESOLVED request opens it again (the matter is not settled for the client); a CLOSED
request takes no more replies (TICKET_CLOSED: open a new one).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError, ErrorCode
from domain.ids import TicketId

SUBJECT_MAX = 200
TEXT_MAX = 5_000


class TicketStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


@dataclass(frozen=True)
class FeedbackReply:
    author: str
    text: str
    created_at: datetime
    from_operator: bool


@dataclass(frozen=True)
class FeedbackTicket:
    """D17: a request: subject, text, status and the replies to it."""

    id: TicketId
    subject: str
    text: str
    status: TicketStatus
    created_at: datetime
    created_by: str | None = None
    replies: tuple[FeedbackReply, ...] = ()


def _controls(text: str, allowed: str) -> bool:
    return any(unicodedata.category(c).startswith("C") and c not in allowed for c in text)


def validate_subject(value: str) -> str:
    """D17: the subject of a new request."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise DomainError(ErrorCode.INVALID_INPUT, "Укажите тему обращения.", "subject")
    if len(text) > SUBJECT_MAX:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            f"Тема обращения — не более {SUBJECT_MAX} символов.",
            "subject",
        )
    if _controls(text, ""):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            "Тема обращения должна быть одной строкой без управляющих символов.",
            "subject",
        )
    return text


def _long_text(value: str, *, empty: str, noun: str) -> str:
    """A text of a request or of a reply: trimmed, 1..5,000 characters, line breaks and
    tabs allowed, no other control characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise DomainError(ErrorCode.INVALID_INPUT, empty, "text")
    if len(text) > TEXT_MAX:
        raise DomainError(
            ErrorCode.INVALID_INPUT, f"{noun} — не более {TEXT_MAX} символов.", "text"
        )
    if _controls(text, "\n\r\t"):
        raise DomainError(ErrorCode.INVALID_INPUT, f"{noun} содержит недопустимые символы.", "text")
    return text


def validate_text(value: str) -> str:
    """D17: the text of a new request."""
    return _long_text(value, empty="Опишите суть обращения.", noun="Текст обращения")


def validate_reply(value: str) -> str:
    """D17: the text of the administrator's reply to a request."""
    return _long_text(value, empty="Напишите текст ответа.", noun="Текст ответа")


def status_after_reply(status: TicketStatus) -> TicketStatus:
    """D17: the status of a request once the administrator has answered it."""
    if status is TicketStatus.CLOSED:
        raise DomainError(
            ErrorCode.TICKET_CLOSED,
            "Обращение закрыто, ответить на него нельзя. Создайте новое обращение.",
            "ticketId",
        )
    return TicketStatus.OPEN if status is TicketStatus.RESOLVED else status
