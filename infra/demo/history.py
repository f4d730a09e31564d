"""A demo account's year: its call detail, its formed invoices with their lines (D10),
and the client's payments (D12), written in bulk."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.delivery import in_force_at
from domain.invoices import ChargeType, InvoiceLine, compute_totals
from domain.money import money
from domain.use_cases.monthly_run import invoice_number
from infra.db.models import (
    BillingAccountRow,
    CallRow,
    ClientRow,
    InvoiceLineRow,
    InvoiceRow,
    PaymentRow,
)
from infra.demo.bulk import CHUNK, BulkWriter, utc
from infra.demo.calls import at, call_start, kopecks, make_call
from infra.demo.catalogue import BANKS, RATES
from infra.demo.people import PROFILES, ClientProfile
from infra.demo.plan import Account, Planner

# fmt: off
CALL_COLUMNS = ("account_id", "subscriber_number", "started_at", "duration_s", "callee",
                "kind", "cost")
PAYMENT_COLUMNS = ("client_id", "paid_on", "amount", "document_number", "bank", "confirmed",
                   "registered_by", "created_at")
# fmt: on


@dataclass
class Totals:
    clients: int = 0
    accounts: int = 0
    subscribers: int = 0
    invoices: int = 0
    calls: int = 0
    logins: list[str] = field(default_factory=list)


class HistoryWriter:
    def __init__(
        self, conn: BaseDBAsyncClient, bulk: BulkWriter, plan: Planner, totals: Totals
    ) -> None:
        self.conn = conn
        self.bulk = bulk
        self.plan = plan
        self.totals = totals

    async def write_calls(self, account: Account, rng: random.Random) -> dict[tuple[int, int], int]:
        """Call detail of every month; returns kopecks per (subscriber, closed month)."""
        cpm = self.plan.size.calls_per_subscriber_month
        low, high = cpm - cpm // 2, cpm + cpm // 2
        sums: dict[tuple[int, int], int] = {}
        rows: list[tuple[Any, ...]] = []
        now = int(self.plan.now.timestamp())
        r = rng.random
        to_datetime = datetime.fromtimestamp
        for m, month in enumerate(self.plan.months):
            is_current = month is self.plan.current
            month_start = int(month.period.starts_at.timestamp())
            share = (now - month_start) / (int(month.period.ends_at.timestamp()) - month_start)
            for s, sub in enumerate(account.subscribers):
                if is_current and sub.status != "ACTIVE":
                    continue
                count = rng.randint(low, high)
                if is_current:
                    count = round(count * share)
                rates = RATES[sub.tariff]
                total = 0
                for _ in range(count):
                    started = call_start(r, month)
                    if is_current and started >= now:  # the current month: only the past
                        started = now - 60 - int(r() * 86400)
                        if started < month_start:
                            continue
                    duration, callee, kind, cost = make_call(rng, rates)
                    total += cost
                    rows.append(
                        (
                            account.id,
                            sub.number,
                            to_datetime(started, UTC),
                            duration,
                            callee,
                            kind,
                            kopecks(cost),
                        )
                    )
                if not is_current:
                    sums[(s, m)] = total
                if len(rows) >= CHUNK:
                    await self.flush_calls(rows)
        await self.flush_calls(rows)
        return sums

    async def flush_calls(self, rows: list[tuple[Any, ...]]) -> None:
        await self.bulk.insert(CallRow, CALL_COLUMNS, rows)
        self.totals.calls += len(rows)
        rows.clear()

    async def write_history(
        self,
        profile: ClientProfile,
        account: Account,
        position: int,
        rng: random.Random,
        payments: list[tuple[Any, ...]],
    ) -> Decimal:
        """Calls, invoices and payments of one account; returns its balance now."""
        calls = await self.write_calls(account, rng)
        invoices: list[InvoiceRow] = []
        all_lines: list[list[InvoiceLine]] = []
        prepaid = profile.payment_form == "PREPAID"
        balance = Decimal("100.00") if prepaid else Decimal("0.00")
        for m, month in enumerate(self.plan.closed):
            period = month.period
            formed_at = min(at(period.next().first_day, 2, (7 * position + m) % 50), self.plan.now)
            lines = self.plan.lines(account, m, formed_at, calls, rng)
            gross = compute_totals(lines, Decimal(0), Decimal(0)).gross
            if m == 0 and not prepaid:
                balance = -money(gross * Decimal("0.97"))  # the debt of the month before
            opening = balance
            if prepaid:  # pays the month in advance, rounded up to 10 BYN
                paid = money(math.ceil(gross * Decimal("1.05") / 10) * 10)
            else:
                paid = max(-opening, Decimal("0.00"))
                if m == 5 and paid:
                    paid = money(paid * Decimal("0.8"))  # a partial payment: the debt carries
            if paid > 0:
                day = period.first_day + timedelta(
                    days=rng.randrange(2, 5) if prepaid else rng.randrange(7, 20)
                )
                payments.append((day, paid))
            totals = compute_totals(lines, opening, paid)
            balance = money(opening + paid - totals.gross)
            version = in_force_at(account.delivery, formed_at)
            sends = version is not None and version.sends_email
            invoices.append(
                InvoiceRow(
                    account_id=account.id,
                    number=invoice_number(period, account.number),
                    period=str(period),
                    formed_at=formed_at,
                    opening_balance=opening,
                    payments=paid,
                    total=totals.net,
                    vat=totals.vat,
                    amount_due=totals.amount_due,
                    delivery_method=version.method.value if version else None,
                    delivery_format=version.format.value if version else None,
                    sent_to=list(version.emails) if version and sends else [],
                )
            )
            all_lines.append(lines)
        await InvoiceRow.bulk_create(invoices, using_db=self.conn)
        ids = dict(
            await InvoiceRow.filter(account_id=account.id)
            .using_db(self.conn)
            .values_list("period", "id")
        )
        rows: list[tuple[Any, ...]] = []
        for invoice, lines in zip(invoices, all_lines, strict=True):
            invoice_id = ids[invoice.period]
            for line in lines:
                for charge in ChargeType:
                    if charge in line.charges:
                        rows.append(
                            (
                                invoice_id,
                                line.subscriber_number,
                                line.subscriber_name,
                                charge.value,
                                line.amount(charge),
                            )
                        )
            if len(rows) >= CHUNK:
                await self.write_lines(rows)
        await self.write_lines(rows)
        self.totals.invoices += len(invoices)
        await BillingAccountRow.filter(id=account.id).using_db(self.conn).update(balance=balance)
        return balance

    async def write_lines(self, rows: list[tuple[Any, ...]]) -> None:
        columns = ("invoice_id", "subscriber_number", "subscriber_name", "charge_type", "amount")
        await self.bulk.insert(InvoiceLineRow, columns, rows)
        rows.clear()

    async def write_payments(
        self,
        client: ClientRow,
        profile: ClientProfile,
        rng: random.Random,
        payments: list[tuple[Any, ...]],
    ) -> None:
        """D12: confirmed payments over the year (as in the invoices) and one unconfirmed."""
        bank = BANKS[profile.banks[0]]
        rows: list[tuple[Any, ...]] = []
        serial = rng.randrange(100, 900)
        for number, (day, amount) in enumerate(sorted(payments, key=lambda p: p[0])):
            created = utc(at(day + timedelta(days=1), 10, number % 60))
            rows.append(
                (client.id, day, amount, f"ПП-{serial + number:06d}", bank, True, None, created)
            )
        if profile is PROFILES[0]:
            rows.append(
                (
                    client.id,
                    self.plan.today,
                    Decimal("350.00"),
                    f"ПП-{serial + len(rows):06d}",
                    bank,
                    False,
                    profile.login,
                    utc(self.plan.now),
                )
            )
        await self.bulk.insert(PaymentRow, PAYMENT_COLUMNS, rows)
