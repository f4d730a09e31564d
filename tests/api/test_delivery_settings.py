"""changeDeliveryMethod / changeDeliveryEmails / changeInvoiceFormat over HTTP (D5–D8, D18)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from infra.bootstrap import Container
from infra.clock import FixedClock
from infra.db import models as m
from schema.ids import decode_id
from tests.conftest import MINSK
from tests.db_fixtures import Api

FIELDS = """delivery { method emails format validFrom changedBy } appliesFromPeriod
  errors { code field message }"""
EMAILS = f"""mutation($i: ChangeDeliveryEmailsInput!) {{
  changeDeliveryEmails(input: $i) {{ {FIELDS} }} }}"""
METHOD = f"""mutation($i: ChangeDeliveryMethodInput!) {{
  changeDeliveryMethod(input: $i) {{ {FIELDS} }} }}"""
FORMAT = f"""mutation($i: ChangeInvoiceFormatInput!) {{
  changeInvoiceFormat(input: $i) {{ {FIELDS} }} }}"""
ACCOUNTS = """{ billingAccounts(first: 100) { nodes { id number
  delivery { method emails format validFrom changedBy }
  deliveryHistory(first: 100) { nodes { method emails format validFrom changedBy } } } } }"""


async def accounts(api: Api) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = (await api(ACCOUNTS))["billingAccounts"]["nodes"]
    return nodes


async def email_account(api: Api) -> dict[str, Any]:
    return next(a for a in await accounts(api) if a["delivery"]["method"] == "EMAIL")


async def change(api: Api, mutation: str, **values: Any) -> dict[str, Any]:
    name = {EMAILS: "changeDeliveryEmails", METHOD: "changeDeliveryMethod"}.get(
        mutation, "changeInvoiceFormat"
    )
    result: dict[str, Any] = (await api(mutation, {"i": values}))[name]
    return result


async def snapshot() -> tuple[int, int, list[tuple[Any, ...]]]:
    """Everything a refused change must leave as it was."""
    versions = (
        await m.DeliverySettingsRow.all()
        .order_by("id")
        .values_list("id", "account_id", "method", "emails", "format")
    )
    return await m.DeliverySettingsRow.all().count(), await m.AuditRow.all().count(), versions


async def test_d5_change_of_emails_adds_a_version_and_keeps_the_old_ones(
    demo: Api, container: Container
) -> None:
    account = await email_account(demo)
    before = account["deliveryHistory"]["nodes"]
    result = await change(
        demo,
        EMAILS,
        billingAccountId=account["id"],
        emails="buh@beltehnosnab.by;new@beltehnosnab.by",
    )
    assert result["errors"] == []
    assert result["delivery"]["emails"] == ["buh@beltehnosnab.by", "new@beltehnosnab.by"]
    assert result["delivery"]["changedBy"] == "demo"
    assert result["delivery"]["format"] == account["delivery"]["format"]  # carried over
    # Formed on 1 November, the October invoice is gone: the change first reaches November.
    assert result["appliesFromPeriod"] == "2026-11"
    after = next(a for a in await accounts(demo) if a["id"] == account["id"])
    assert after["delivery"]["emails"] == ["buh@beltehnosnab.by", "new@beltehnosnab.by"]
    history = after["deliveryHistory"]["nodes"]
    assert len(history) == len(before) + 1
    assert history[0]["emails"] == ["buh@beltehnosnab.by", "new@beltehnosnab.by"]
    assert history[1:] == before  # nothing overwritten
    audit = await m.AuditRow.filter(action="changeDeliveryEmails").first()
    assert audit is not None and audit.actor == "demo" and audit.target == account["number"]
    assert audit.before["emails"] == account["delivery"]["emails"]
    assert audit.after["emails"] == ["buh@beltehnosnab.by", "new@beltehnosnab.by"]


LONG = ";".join(f"user{i:03d}@beltehnosnab.by" for i in range(8)) + ";ab@bel.by"  # 201


@pytest.mark.parametrize(
    ("emails", "code", "field"),
    [
        ("", "EMAILS_REQUIRED", "emails"),
        (";", "EMAILS_REQUIRED", "emails"),
        (LONG, "EMAILS_TOO_LONG", "emails"),
        ("a@beltehnosnab.by; b@beltehnosnab.by", "EMAILS_CONTAIN_SPACES", "emails"),
        ("a@beltehnosnab.by\r\nBcc: evil@evil.by", "EMAILS_CONTAIN_SPACES", "emails"),
        ("a@beltehnosnab.by;not-an-address", "INVALID_EMAIL", "emails.1"),
        ("a@beltehnosnab.by;;b@beltehnosnab.by", "INVALID_EMAIL", "emails.1"),
        ("a@beltehnosnab.by,b@beltehnosnab.by", "INVALID_EMAIL", "emails.0"),
        ("a@beltehnosnab.by;b@x.by;A@Beltehnosnab.BY", "DUPLICATE_EMAIL", "emails.2"),
    ],
)
async def test_d7_refused_recipients_change_nothing(
    demo: Api, container: Container, emails: str, code: str, field: str
) -> None:
    account = await email_account(demo)
    before = await snapshot()
    result = await change(demo, EMAILS, billingAccountId=account["id"], emails=emails)
    assert result["delivery"] is None and result["appliesFromPeriod"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert result["errors"][0]["message"]  # Russian, for the administrator
    assert await snapshot() == before


async def test_d7_at_most_200_characters_is_accepted(demo: Api) -> None:
    account = await email_account(demo)
    text = ";".join(f"user{i:03d}@beltehnosnab.by" for i in range(8)) + ";a@bel.by"
    assert len(text) == 200
    result = await change(demo, EMAILS, billingAccountId=account["id"], emails=text)
    assert result["errors"] == []


async def test_d6_switch_to_email_needs_an_address(demo: Api, container: Container) -> None:
    account = (await accounts(demo))[0]
    pk = decode_id(account["id"], "BillingAccount")
    # An account that refused delivery and has no address at all.
    await m.DeliverySettingsRow.create(
        account_id=pk,
        method="SELF_PICKUP",
        emails="",
        format="PDF",
        valid_from=container.clock.now(),
        changed_by="demo",
    )
    before = await snapshot()
    refused = await change(demo, METHOD, billingAccountId=account["id"], method="EMAIL")
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("EMAIL_REQUIRED_FOR_METHOD", "emails")
    ]
    assert await snapshot() == before
    bad = await change(
        demo, METHOD, billingAccountId=account["id"], method="EMAIL", emails="buh@@x.by"
    )
    assert [(e["code"], e["field"]) for e in bad["errors"]] == [("INVALID_EMAIL", "emails.0")]
    assert await snapshot() == before
    done = await change(
        demo, METHOD, billingAccountId=account["id"], method="EMAIL", emails="buh@beltehnosnab.by"
    )
    assert done["errors"] == []
    assert done["delivery"]["method"] == "EMAIL"
    assert done["delivery"]["emails"] == ["buh@beltehnosnab.by"]


async def test_d6_self_pickup_keeps_the_addresses_for_later(demo: Api) -> None:
    account = await email_account(demo)
    done = await change(demo, METHOD, billingAccountId=account["id"], method="SELF_PICKUP")
    assert done["errors"] == []
    assert done["delivery"]["method"] == "SELF_PICKUP"
    assert done["delivery"]["emails"] == account["delivery"]["emails"]
    back = await change(demo, METHOD, billingAccountId=account["id"], method="EMAIL")
    assert back["errors"] == [] and back["delivery"]["method"] == "EMAIL"


@pytest.mark.parametrize("fmt", ["PDF", "EXCEL", "EXCEL_BREAKDOWN"])
async def test_d8_change_of_format(demo: Api, fmt: str) -> None:
    account = await email_account(demo)
    done = await change(demo, FORMAT, billingAccountId=account["id"], format=fmt)
    assert done["errors"] == []
    assert done["delivery"]["format"] == fmt
    assert done["delivery"]["emails"] == account["delivery"]["emails"]
    after = next(a for a in await accounts(demo) if a["id"] == account["id"])
    assert after["delivery"]["format"] == fmt


@pytest.mark.parametrize(
    ("mutation", "values"),
    [
        (EMAILS, {"emails": "spy@evil.by"}),
        (METHOD, {"method": "SELF_PICKUP"}),
        (METHOD, {"method": "EMAIL", "emails": "spy@evil.by"}),
        (FORMAT, {"format": "EXCEL_BREAKDOWN"}),
    ],
)
async def test_d18_another_clients_account_is_not_found_and_unchanged(
    demo: Api, demo2: Api, mutation: str, values: dict[str, Any]
) -> None:
    theirs = await email_account(demo)
    before = await snapshot()
    for account_id in (theirs["id"], "not-an-id", "QmlsbGluZ0FjY291bnQ6OTk5OTk"):
        result = await change(demo2, mutation, billingAccountId=account_id, **values)
        assert result["delivery"] is None
        assert [(e["code"], e["field"]) for e in result["errors"]] == [
            ("NOT_FOUND", "billingAccountId")
        ]
    assert await snapshot() == before


async def test_d18_not_found_comes_before_the_check_of_the_input(demo: Api, demo2: Api) -> None:
    theirs = await email_account(demo)
    result = await change(demo2, EMAILS, billingAccountId=theirs["id"], emails="bad address")
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]


async def test_unauthenticated_change_is_a_top_level_error(demo: Api, anon: Api) -> None:
    account = await email_account(demo)
    body = await anon.raw(EMAILS, {"i": {"billingAccountId": account["id"], "emails": "a@b.by"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_d5_a_change_before_formation_reaches_the_period_being_formed(
    demo: Api, anon: Api, container: Container, clock: FixedClock
) -> None:
    account = await email_account(demo)
    # 1 December, 00:30: November is closed but its invoice is not formed yet.
    clock.set(datetime(2026, 12, 1, 0, 30, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")  # sessions last 12 hours
    early = await change(demo, FORMAT, billingAccountId=account["id"], format="EXCEL")
    assert early["errors"] == []  # D2: changing settings stays allowed in the window
    assert early["appliesFromPeriod"] == "2026-11"
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=MINSK))
    await container.delivery.monthly.form("2026-11")
    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=MINSK))
    demo = await anon.login("demo", "demo")
    late = await change(demo, FORMAT, billingAccountId=account["id"], format="PDF")
    assert late["appliesFromPeriod"] == "2026-12"


async def test_d5_several_changes_in_a_month_the_latest_is_in_force(
    demo: Api, anon: Api, clock: FixedClock
) -> None:
    account = await email_account(demo)
    for i in range(3):
        clock.set(datetime(2026, 11, 25 + i, 9, 0, tzinfo=MINSK))
        demo = await anon.login("demo", "demo")
        await change(demo, EMAILS, billingAccountId=account["id"], emails=f"v{i}@beltehnosnab.by")
    after = next(a for a in await accounts(demo) if a["id"] == account["id"])
    assert after["delivery"]["emails"] == ["v2@beltehnosnab.by"]
    assert [h["emails"] for h in after["deliveryHistory"]["nodes"][:3]] == [
        ["v2@beltehnosnab.by"],
        ["v1@beltehnosnab.by"],
        ["v0@beltehnosnab.by"],
    ]
