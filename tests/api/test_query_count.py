"""DataLoaders: 5 or 100 accounts with delivery and latest invoices cost the same queries."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from decimal import Decimal

from infra.db import models as m
from tests.conftest import NOW
from tests.db_fixtures import Api

QUERY = """
query($first: Int) { billingAccounts(first: $first) { nodes {
  number delivery { method emails format } downloadablePeriods
  invoices(first: 3) { nodes { period total } }
} } }
"""


# The tables of the background loops, quoted or not (the relay's SQLite claim is raw SQL).
BACKGROUND = re.compile(r'\b"?(outbox|document_job)"?\b')


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if BACKGROUND.search(message):
            return  # the background relay and maintenance loops, not this request
        self.count += 1
        self.statements.append(message[:120])


async def _add_accounts(client_id: int, count: int) -> None:
    for i in range(count):
        account = await m.BillingAccountRow.create(
            client_id=client_id,
            number=f"9{i:011d}",
            balance=Decimal("1.00"),
            opened_on=date(2024, 1, 1),
        )
        await m.DeliverySettingsRow.create(
            account_id=account.id,
            method="EMAIL",
            emails=f"a{i}@firma.by",
            format="PDF",
            valid_from=NOW - timedelta(days=400),
            changed_by="test",
        )
        for period in ("2026-09", "2026-10"):
            await m.InvoiceRow.create(
                account_id=account.id,
                number=f"T-{i}-{period}",
                period=period,
                formed_at=NOW,
                opening_balance=0,
                payments=0,
                total=10,
                vat=2,
                amount_due=12,
                sent_to=[],
            )


async def _count(api: Api, first: int) -> tuple[int, int]:
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        data = await api(QUERY, {"first": first})
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old_level)
    return counter.count, len(data["billingAccounts"]["nodes"])


async def test_listing_5_or_100_accounts_costs_the_same_queries(demo: Api) -> None:
    admin = await m.AdminRow.get(login="demo")
    await _add_accounts(admin.client_id, 110)  # type: ignore[attr-defined]
    small, n_small = await _count(demo, 5)
    large, n_large = await _count(demo, 100)
    assert (n_small, n_large) == (5, 100)
    assert small == large, (small, large)
    assert large <= 8
