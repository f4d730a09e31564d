"""createFeedbackTicket and feedbackTickets with replies (D17)."""

from __future__ import annotations

from typing import Any

import pytest

from infra.db import models as m
from tests.api.menu_helpers import snapshot
from tests.db_fixtures import Api

TICKETS = """query($first: Int) { feedbackTickets(first: $first) { nodes {
  id subject text status createdAt replies { author text createdAt fromOperator } } } }"""
CREATE = """mutation($i: CreateFeedbackTicketInput!) { createFeedbackTicket(input: $i) {
  ticket { id subject text status createdAt replies { text } } errors { code field message } } }"""
NODE = "query($id: ID!) { node(id: $id) { id ... on FeedbackTicket { subject status } } }"


async def create(api: Api, subject: str, text: str) -> dict[str, Any]:
    data = await api(CREATE, {"i": {"subject": subject, "text": text}})
    result: dict[str, Any] = data["createFeedbackTicket"]
    return result


async def test_d17_demo_tickets_with_statuses_and_replies(demo: Api) -> None:
    tickets = (await demo(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    assert [t["status"] for t in tickets] == ["OPEN", "IN_PROGRESS", "RESOLVED"]
    resolved = tickets[2]
    assert [r["fromOperator"] for r in resolved["replies"]] == [True, False]
    assert resolved["replies"][0]["author"] == "Оператор службы поддержки"


async def test_d17_create_a_ticket(demo: Api) -> None:
    result = await create(demo, "  Смена тарифа ", "Просим сменить тариф\nдля трёх номеров.")
    assert result["errors"] == []
    ticket = result["ticket"]
    assert ticket["subject"] == "Смена тарифа" and ticket["status"] == "OPEN"
    assert ticket["replies"] == []
    assert ticket["createdAt"].startswith("2026-11-24")
    newest = (await demo(TICKETS, {"first": 1}))["feedbackTickets"]["nodes"][0]
    assert newest["id"] == ticket["id"]
    assert (await demo(NODE, {"id": ticket["id"]}))["node"]["subject"] == "Смена тарифа"
    entry = await m.AuditRow.filter(action="createFeedbackTicket").first()
    assert entry is not None and entry.after["subject"] == "Смена тарифа"


@pytest.mark.parametrize(
    ("subject", "text", "field"),
    [
        ("", "текст", "subject"),
        ("   ", "текст", "subject"),
        ("т" * 201, "текст", "subject"),
        ("Тема\nс переводом", "текст", "subject"),
        ("Тема", "", "text"),
        ("Тема", "т" * 5001, "text"),
    ],
)
async def test_d17_refusals_change_nothing(demo: Api, subject: str, text: str, field: str) -> None:
    before = await snapshot()
    result = await create(demo, subject, text)
    assert result["ticket"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", field)]
    assert await snapshot() == before


async def test_d17_nul_is_refused_before_the_rules_and_changes_nothing(demo: Api) -> None:
    # NUL fits no String of the API (PostgreSQL cannot store it): BAD_USER_INPUT (issue 9).
    before = await snapshot()
    body = await demo.raw(CREATE, {"i": {"subject": "Тема", "text": "нулевой\x00символ"}})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "text" and "«text»" in error["message"]
    assert await snapshot() == before


async def test_d18_other_clients_tickets_are_missing(demo: Api, demo2: Api) -> None:
    theirs = (await demo2(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    assert len(theirs) == 1
    assert (await demo(NODE, {"id": theirs[0]["id"]}))["node"] is None
    mine = (await demo(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    assert theirs[0]["id"] not in {t["id"] for t in mine}
    created = await create(demo, "Только моё", "Текст")
    assert created["ticket"]["id"] not in {
        t["id"] for t in (await demo2(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    }


REPLY = """mutation($i: ReplyToFeedbackTicketInput!) { replyToFeedbackTicket(input: $i) {
  ticket { id status statusLabel replies { author text createdAt fromOperator } }
  errors { code field message } } }"""


async def reply(api: Api, ticket_id: str, text: str) -> dict[str, Any]:
    data = await api(REPLY, {"i": {"ticketId": ticket_id, "text": text}})
    result: dict[str, Any] = data["replyToFeedbackTicket"]
    return result


async def test_d17_the_administrator_answers_a_specialists_reply(demo: Api) -> None:
    tickets = (await demo(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    in_progress = next(t for t in tickets if t["status"] == "IN_PROGRESS")
    before = len(in_progress["replies"])
    result = await reply(demo, in_progress["id"], "  Спасибо, номера:\n+375291234567  ")
    assert result["errors"] == []
    ticket = result["ticket"]
    assert ticket["status"] == "IN_PROGRESS" and len(ticket["replies"]) == before + 1
    mine = ticket["replies"][-1]
    assert mine["text"] == "Спасибо, номера:\n+375291234567"
    assert mine["author"] == "demo" and mine["fromOperator"] is False
    assert mine["createdAt"].startswith("2026-11-24T12:00:00+03:00")
    listed = (await demo(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    assert next(t for t in listed if t["id"] == ticket["id"])["replies"][-1] == mine
    entry = await m.AuditRow.filter(action="replyToFeedbackTicket").first()
    assert (
        entry is not None and entry.actor == "demo" and (entry.target or "").startswith("ticket ")
    )
    assert entry.after["replies"] == before + 1 and entry.after["text"].startswith("Спасибо")


async def test_d17_a_reply_opens_a_resolved_request_again(demo: Api) -> None:
    tickets = (await demo(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"]
    resolved = next(t for t in tickets if t["status"] == "RESOLVED")
    result = await reply(demo, resolved["id"], "Проблема повторилась.")
    assert result["ticket"]["status"] == "OPEN" and result["ticket"]["statusLabel"] == "Открыто"


async def test_d17_a_closed_request_takes_no_reply(demo: Api) -> None:
    created = (await create(demo, "Тема", "Текст"))["ticket"]
    await m.FeedbackTicketRow.filter(subject="Тема").update(status="CLOSED")
    before = await snapshot()
    result = await reply(demo, created["id"], "Ещё вопрос")
    assert result["ticket"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("TICKET_CLOSED", "ticketId")]
    assert "новое обращение" in result["errors"][0]["message"]
    assert await snapshot() == before


@pytest.mark.parametrize("text", ["", "   ", "т" * 5001])
async def test_d17_a_bad_reply_changes_nothing(demo: Api, text: str) -> None:
    ticket = (await demo(TICKETS, {"first": 1}))["feedbackTickets"]["nodes"][0]
    before = await snapshot()
    result = await reply(demo, ticket["id"], text)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", "text")]
    assert await snapshot() == before


async def test_d18_a_reply_to_another_clients_ticket_is_not_found(demo: Api, demo2: Api) -> None:
    theirs = (await demo2(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"][0]
    before = await snapshot()
    foreign = await reply(demo, theirs["id"], "Чужое")
    missing = await reply(demo, theirs["id"][:-2] + "AA", "Чужое")
    garbage = await reply(demo, "nonsense", "Чужое")
    assert foreign == missing == garbage
    assert foreign["ticket"] is None
    assert [(e["code"], e["field"]) for e in foreign["errors"]] == [("NOT_FOUND", "ticketId")]
    assert await snapshot() == before
    again = (await demo2(TICKETS, {"first": 10}))["feedbackTickets"]["nodes"][0]
    assert again["replies"] == theirs["replies"]
