"""createFeedbackTicket and feedbackTickets with replies (D17)."""

from __future__ import annotations

from typing import Any

import pytest

from infra.db import models as m
from tests.api.menu_helpers import snapshot
from tests.conftest import Api

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
