"""auditLog: every change of the administrator, who, when, what, old and new values."""

from __future__ import annotations

from tests.api.menu_helpers import numbers_of, wait_for
from tests.db_fixtures import Api

AUDIT = """query($first: Int, $after: String) { auditLog(first: $first, after: $after) {
  nodes { id at actor action target before after } pageInfo { hasNextPage endCursor } } }"""
NODE = "query($id: ID!) { node(id: $id) { id ... on AuditEntry { action } } }"


async def test_audit_records_every_change_with_old_and_new_values(demo: Api) -> None:
    number = (await numbers_of("demo"))[0]
    await demo(
        """mutation { registerPayment(input: {amount: "10.00", paidOn: "2026-11-20",
        documentNumber: "A-1"}) { errors { code } } }"""
    )
    await demo(
        """mutation { createFeedbackTicket(input: {subject: "Тема", text: "Текст"}) {
        errors { code } } }"""
    )
    await demo(
        "mutation($n: String!) { renameSubscribers(input: {items: [{number: $n, name: "
        '"Новое имя"}]}) { errors { code } } }',
        {"n": number},
    )
    await demo(
        "mutation($n: String!) { changeSubscriberServices(input: {action: ADD, serviceCode: "
        '"VOICEMAIL", numbers: [$n]}) { errors { code } } }',
        {"n": number},
    )
    data = await wait_for(
        demo,
        AUDIT,
        {"first": 100},
        lambda d: {"renameSubscriber"} <= {n["action"] for n in d["auditLog"]["nodes"]},
    )
    entries = data["auditLog"]["nodes"]
    actions = {e["action"] for e in entries}
    assert {
        "registerPayment",
        "createFeedbackTicket",
        "renameSubscribers",
        "renameSubscriber",
        "changeSubscriberServices",
    } <= actions
    assert all(e["actor"] == "demo" and e["at"] for e in entries)
    ats = [e["at"] for e in entries]
    assert ats == sorted(ats, reverse=True)
    rename = next(e for e in entries if e["action"] == "renameSubscriber")
    assert rename["target"] == number
    assert rename["after"]["name"] == "Новое имя" and rename["before"]["name"] != "Новое имя"
    assert (await demo(NODE, {"id": rename["id"]}))["node"]["action"] == "renameSubscriber"


async def test_d18_audit_log_is_per_client(demo: Api, demo2: Api) -> None:
    await demo(
        """mutation { createFeedbackTicket(input: {subject: "Тема", text: "Текст"}) {
        errors { code } } }"""
    )
    mine = (await demo(AUDIT, {"first": 100}))["auditLog"]["nodes"]
    assert mine
    theirs = (await demo2(AUDIT, {"first": 100}))["auditLog"]["nodes"]
    assert [(e["actor"], e["action"]) for e in theirs] == [("demo2", "login")]  # own sign-in
    assert (await demo2(NODE, {"id": mine[0]["id"]}))["node"] is None


async def test_audit_log_is_paged(demo: Api) -> None:
    for i in range(3):
        await demo(
            "mutation($s: String!) { createFeedbackTicket(input: {subject: $s, text: "
            '"Текст"}) { errors { code } } }',
            {"s": f"Тема {i}"},
        )
    page = (await demo(AUDIT, {"first": 2}))["auditLog"]
    assert len(page["nodes"]) == 2 and page["pageInfo"]["hasNextPage"]
    assert (await demo.raw(AUDIT, {"first": 500}))["errors"][0]["extensions"]["code"] == (
        "INVALID_INPUT"
    )
