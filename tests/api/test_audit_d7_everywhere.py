"""D7 wherever addresses enter: changeDeliveryMethod's `emails` gets the same checks as
changeDeliveryEmails (tests/api/test_delivery_settings.py), for either method: a list
given with SELF_PICKUP is kept for later (D6), so it is checked now too, and a header
injection never reaches the stored settings nor a mail."""

from __future__ import annotations

import pytest

from tests.api.test_delivery_settings import LONG, METHOD, change, email_account, snapshot
from tests.db_fixtures import Api

REFUSED = [
    ("", "EMAILS_REQUIRED", "emails"),
    (";", "EMAILS_REQUIRED", "emails"),
    (LONG, "EMAILS_TOO_LONG", "emails"),
    ("a@beltehnosnab.by; b@beltehnosnab.by", "EMAILS_CONTAIN_SPACES", "emails"),
    ("a@beltehnosnab.by\r\nBcc: evil@evil.by", "EMAILS_CONTAIN_SPACES", "emails"),
    ("a@beltehnosnab.by\nBcc:evil@evil.by", "EMAILS_CONTAIN_SPACES", "emails"),
    ("a@beltehnosnab.by;not-an-address", "INVALID_EMAIL", "emails.1"),
    ("a@beltehnosnab.by,b@beltehnosnab.by", "INVALID_EMAIL", "emails.0"),
    ("a@beltehnosnab.by;b@x.by;A@Beltehnosnab.BY", "DUPLICATE_EMAIL", "emails.2"),
]


@pytest.mark.parametrize("method", ["EMAIL", "SELF_PICKUP"])
@pytest.mark.parametrize(("emails", "code", "field"), REFUSED)
async def test_d7_change_of_method_checks_the_addresses_given_with_it(
    demo: Api, method: str, emails: str, code: str, field: str
) -> None:
    account = await email_account(demo)
    before = await snapshot()
    result = await change(
        demo, METHOD, billingAccountId=account["id"], method=method, emails=emails
    )
    assert result["delivery"] is None and result["appliesFromPeriod"] is None, result
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert result["errors"][0]["message"]
    assert await snapshot() == before


@pytest.mark.parametrize("method", ["EMAIL", "SELF_PICKUP"])
async def test_d7_change_of_method_with_a_good_list_stores_it(demo: Api, method: str) -> None:
    account = await email_account(demo)
    result = await change(
        demo,
        METHOD,
        billingAccountId=account["id"],
        method=method,
        emails="buh@beltehnosnab.by;Glavbuh@Beltehnosnab.by",
    )
    assert result["errors"] == []
    assert result["delivery"]["method"] == method
    assert result["delivery"]["emails"] == ["buh@beltehnosnab.by", "Glavbuh@Beltehnosnab.by"]
