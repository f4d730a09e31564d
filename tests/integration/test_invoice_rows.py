"""An invoice read as a plain row (the screens read hundreds per request) is the very
invoice its constructor makes."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.ids import AccountId, InvoiceId
from domain.invoices import Invoice
from domain.periods import BillingPeriod
from infra.db.mappers import invoice_of


def test_an_invoice_row_makes_the_invoice_its_constructor_makes() -> None:
    row = (7, 3, "2026-10/000007", "2026-10", "2026-10-31 21:00:00+00:00", "-1.50", "10.00",
           "100.00", "20.00", "111.50", '["buh@romashka.by"]', "EMAIL")  # fmt: skip
    made = invoice_of(row)
    expected = Invoice(
        id=InvoiceId(7),
        account_id=AccountId(3),
        number="2026-10/000007",
        period=BillingPeriod.parse("2026-10"),
        formed_at=datetime(2026, 10, 31, 21, tzinfo=UTC),
        opening_balance=Decimal("-1.50"),
        payments=Decimal("10.00"),
        total=Decimal("100.00"),
        vat=Decimal("20.00"),
        amount_due=Decimal("111.50"),
        sent_to=("buh@romashka.by",),
        delivery_method="EMAIL",
    )
    # Every field, defaults included, and nothing else: a field added to Invoice and not
    # to invoice_of fails here rather than reading as missing.
    assert set(vars(made)) == {f.name for f in fields(Invoice)}
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert made.gross == Decimal("120.00")
    with pytest.raises(FrozenInstanceError):
        made.total = Decimal(0)  # type: ignore[misc]
