"""List summaries (D13, D14), search folding (D16), replies (D17)."""

from __future__ import annotations

import pytest

from domain.errors import DomainError, ErrorCode
from domain.feedback import TicketStatus, status_after_reply, validate_reply
from domain.list_requests import list_summary
from domain.subscribers import SubscriberSearch


@pytest.mark.parametrize(
    ("bad", "total", "start"),
    [
        (1, 1, "1 строка из 1 содержит ошибку"),
        (3, 120, "3 строки из 120 содержат ошибки"),
        (5, 120, "5 строк из 120 содержат ошибки"),
        (11, 120, "11 строк из 120 содержат ошибки"),
        (12, 120, "12 строк из 120 содержат ошибки"),
        (21, 120, "21 строка из 120 содержит ошибку"),
        (22, 120, "22 строки из 120 содержат ошибки"),
        (111, 120, "111 строк из 120 содержат ошибки"),
    ],
)
def test_d13_d14_summary_of_a_refused_list(bad: int, total: int, start: str) -> None:
    summary = list_summary(bad, total, "items")
    assert summary.code is ErrorCode.LIST_HAS_ERRORS and summary.field == "items"
    assert summary.message.startswith(start)


def test_d16_search_folds_yo_and_finds_national_numbers() -> None:
    search = SubscriberSearch.parse("ПРИЕМНАЯ")
    assert search.matches("+375291111111", "Приёмная  директора")
    assert SubscriberSearch.parse("Ковалёв").matches("+375291111111", "Ковалев Иван")
    assert not SubscriberSearch.parse("ковалев").matches("+375291111111", "Ковальчук")
    assert SubscriberSearch.parse("80251284706").matches("+375251284706", "")
    assert SubscriberSearch.parse("8 (025) 128-47-06").matches("+375251284706", "")
    assert SubscriberSearch.parse("8025128").matches("+375251284706", "")
    assert not SubscriberSearch.parse("80251284706").matches("+375251284707", "")
    assert SubscriberSearch.parse("4706").matches("+375251284706", "")


def test_d17_reply_rules() -> None:
    assert validate_reply("  ответ\nвторая строка ") == "ответ\nвторая строка"
    for bad in ("", "  ", "т" * 5001, "a\x00b"):
        with pytest.raises(DomainError) as refused:
            validate_reply(bad)
        assert refused.value.code is ErrorCode.INVALID_INPUT and refused.value.field == "text"
    assert status_after_reply(TicketStatus.OPEN) is TicketStatus.OPEN
    assert status_after_reply(TicketStatus.IN_PROGRESS) is TicketStatus.IN_PROGRESS
    assert status_after_reply(TicketStatus.RESOLVED) is TicketStatus.OPEN
    with pytest.raises(DomainError) as closed:
        status_after_reply(TicketStatus.CLOSED)
    assert closed.value.code is ErrorCode.TICKET_CLOSED
