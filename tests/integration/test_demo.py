"""`kabinet demo` data (infra/demo/) on a real database: SQLite and PostgreSQL.

The demo must agree with the domain: invoice figures that add up (D10, worked out here;
compute_totals itself is checked on hand-worked figures in tests/unit), CALLS
equal to the call detail, the delivery snapshot in force at formation (D5), the name in
force at formation (D13), valid УНП / IBAN / BIC (D11), and loading twice is harmless.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import asyncpg  # type: ignore[import-untyped]
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from domain.client_info import validate_bic, validate_iban_by, validate_unp
from domain.delivery import DeliveryMethod, in_force_at
from domain.installments import Installment
from domain.invoices import ChargeType
from domain.money import money, vat_of
from domain.periods import MINSK, BillingPeriod, to_minsk
from domain.renaming import name_in_force, normalize_number, validate_name
from domain.worktime import WorkCalendar
from infra.db import mappers
from infra.db.database import close_database, migrate, open_database
from infra.db.models import (
    AdminRow,
    BankAccountRow,
    BillingAccountRow,
    CallRow,
    ClientRow,
    DeliverySettingsRow,
    FeedbackReplyRow,
    FeedbackTicketRow,
    InstallmentRow,
    InvoiceLineRow,
    InvoiceRow,
    PaymentRow,
    ServiceRow,
    SubscriberNameRow,
    SubscriberRow,
    SubscriberServiceRow,
    TariffRow,
)
from infra.demo import DemoSize, DemoSummary, demo_size_from_options, demo_unps, load_demo
from infra.passwords import Argon2PasswordHasher

NOW = datetime(2026, 11, 24, 12, 30, tzinfo=MINSK)
HASHER = Argon2PasswordHasher(fast=True)
PG_ADMIN_URL = os.environ.get(
    "KABINET_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)


async def _close() -> None:
    await close_database()
    # close_database() leaves Tortoise's global context set, and Tortoise caches each
    # model's INSERT text per connection name ("?" on SQLite, "$1" on PostgreSQL):
    # clear both so the next parameter (another back end) starts clean.
    await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()


async def _load(url: str) -> DemoSummary:
    await migrate(url)
    await open_database(url)
    return await load_demo(NOW, HASHER)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DemoSummary]:
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path_factory.mktemp('demo') / 'demo.db'}"
        try:
            yield await _load(url)
        finally:
            await _close()
        return
    try:
        admin = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"kabinet_demo_test_{secrets.token_hex(4)}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield await _load(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
    finally:
        await _close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _counts() -> dict[str, int]:
    """Rows in every table of the schema."""
    apps = Tortoise.apps
    assert apps is not None
    return {model.__name__: await model.all().count() for model in apps.get_models_iterable()}


def _period_bounds(invoice: InvoiceRow) -> tuple[datetime, datetime]:
    period = BillingPeriod.parse(invoice.period)
    return period.starts_at, period.ends_at


async def test_two_clients_with_their_admins(demo: DemoSummary) -> None:
    assert demo.clients == 2 and not demo.skipped
    clients = await ClientRow.filter(unp__in=demo_unps()).order_by("id")
    assert [c.unp for c in clients] == demo_unps()
    for client, login in zip(clients, ("demo", "demo2"), strict=True):
        admin = await AdminRow.get(login=login)
        assert admin.client_id == client.id  # type: ignore[attr-defined]
        assert await HASHER.verify(admin.password_hash, login)
        assert not await HASHER.verify(admin.password_hash, "wrong")
        assert client.status == "ACTIVE"
        accounts = await BillingAccountRow.filter(client_id=client.id).count()
        assert accounts == (3 if login == "demo" else 2)
    assert {c.payment_form for c in clients} == {"CREDIT", "PREPAID"}


async def test_d11_identifiers_pass_the_domain_validators(demo: DemoSummary) -> None:
    for client in await ClientRow.all():
        assert validate_unp(client.unp) == client.unp
        banks = await BankAccountRow.filter(client_id=client.id)
        assert 1 <= len(banks) <= 2
        for bank in banks:
            assert validate_iban_by(bank.iban) == bank.iban
            assert validate_bic(bank.bic) == bank.bic
            assert bank.iban[4:8] == bank.bic[:4]


async def test_d13_numbers_and_names_are_valid_and_unique(demo: DemoSummary) -> None:
    subscribers = await SubscriberRow.all()
    assert demo.subscribers == len(subscribers) >= 40
    numbers = [s.number for s in subscribers]
    assert len(set(numbers)) == len(numbers)
    assert all(normalize_number(n) == n for n in numbers)
    assert {n[4:6] for n in numbers} <= {"25", "29", "33", "44"}
    assert [s.status for s in subscribers].count("BLOCKED") >= 1
    for row in await SubscriberNameRow.all():
        assert validate_name(row.name) == row.name
    account_numbers = await BillingAccountRow.all().values_list("number", flat=True)
    assert all(len(str(n)) == 12 and str(n).isdigit() for n in account_numbers)


async def test_d14_services_respect_the_tariff(demo: DemoSummary) -> None:
    allowed = {s.code: s.allowed_tariffs for s in await ServiceRow.all()}
    assert {"ROAMING", "CALLER_ID", "CONF", "MMS", "VOICEMAIL"} <= set(allowed)
    assert await TariffRow.all().count() >= 3
    tariffs = dict(await SubscriberRow.all().values_list("id", "tariff_id"))
    links = await SubscriberServiceRow.all().values_list("subscriber_id", "service_id")
    assert links
    for subscriber_id, code in links:
        assert tariffs[subscriber_id] in allowed[code]


async def test_d1_twelve_invoices_for_the_closed_months_before_now(demo: DemoSummary) -> None:
    current = BillingPeriod.containing(NOW)
    expected = {str(current.shift(-i)) for i in range(1, 13)}
    accounts = await BillingAccountRow.all()
    assert demo.accounts == len(accounts) == 5
    for account in accounts:
        invoices = await InvoiceRow.filter(account_id=account.id)
        assert {i.period for i in invoices} == expected
        for invoice in invoices:
            period = BillingPeriod.parse(invoice.period)
            assert period.ends_at <= invoice.formed_at <= NOW
            assert to_minsk(invoice.formed_at).date() == period.next().first_day
    assert demo.invoices == await InvoiceRow.all().count() == 60
    numbers = await InvoiceRow.all().values_list("number", flat=True)
    assert len(set(numbers)) == len(numbers)


async def test_d10_totals_and_vat_agree_with_the_lines(demo: DemoSummary) -> None:
    for account in await BillingAccountRow.all():
        invoices = await InvoiceRow.filter(account_id=account.id).order_by("period")
        closing: Decimal | None = None
        for invoice in invoices:
            rows = await InvoiceLineRow.filter(invoice_id=invoice.id)
            assert sum((r.amount for r in rows), Decimal(0)) == invoice.total
            assert invoice.vat == vat_of(invoice.total) == money(invoice.total * Decimal("0.2"))
            lines = mappers.invoice(invoice, rows).lines
            # Closing = opening + payments − (net + VAT); what is due is the debt left, if any.
            gross = invoice.total + invoice.vat
            left = invoice.opening_balance + invoice.payments - gross
            assert invoice.amount_due == (-left if left < 0 else Decimal("0.00"))
            assert all(ChargeType.SUBSCRIPTION in line.charges for line in lines)
            if closing is not None:
                assert invoice.opening_balance == closing
            closing = left
        assert account.balance == closing


async def test_d10_calls_line_is_the_sum_of_the_call_detail(demo: DemoSummary) -> None:
    for account in await BillingAccountRow.all():
        calls = await CallRow.filter(account_id=account.id)
        for invoice in await InvoiceRow.filter(account_id=account.id):
            start, end = _period_bounds(invoice)
            sums: dict[str, Decimal] = defaultdict(Decimal)
            for call in calls:
                if start <= call.started_at < end:
                    sums[call.subscriber_number] += call.cost
            lines = await InvoiceLineRow.filter(invoice_id=invoice.id, charge_type="CALLS")
            charged = {line.subscriber_number: line.amount for line in lines}
            numbers = set(sums) | set(charged)
            assert numbers
            for number in numbers:
                assert charged.get(number, Decimal("0.00")) == sums.get(number, Decimal(0))
            # The database agrees with Python on which calls fall in the period. On SQLite
            # Tortoise compares datetimes as text, so filter values must be in UTC too.
            in_period = await CallRow.filter(
                account_id=account.id,
                started_at__gte=start.astimezone(UTC),
                started_at__lt=end.astimezone(UTC),
            ).count()
            assert in_period == sum(1 for c in calls if start <= c.started_at < end)


async def test_d5_sent_to_is_the_version_in_force_at_formation(demo: DemoSummary) -> None:
    busy_months = 0
    methods: set[str] = set()
    formats: set[str] = set()
    for account in await BillingAccountRow.all():
        history = [mappers.delivery(r) for r in await DeliverySettingsRow.filter(account=account)]
        assert (
            min(v.valid_from for v in history) < BillingPeriod.containing(NOW).shift(-12).starts_at
        )
        per_month: dict[str, int] = defaultdict(int)
        for version in history:
            per_month[str(BillingPeriod.containing(version.valid_from))] += 1
            methods.add(version.method.value)
            formats.add(version.format.value)
        busy_months += sum(1 for n in per_month.values() if n >= 3)
        for invoice in await InvoiceRow.filter(account_id=account.id):
            in_force = in_force_at(history, invoice.formed_at)
            assert in_force is not None
            assert invoice.delivery_method == in_force.method.value
            assert invoice.delivery_format == in_force.format.value
            sends = in_force.method is DeliveryMethod.EMAIL
            expected = list(in_force.emails) if sends else []
            assert invoice.sent_to == expected
    assert busy_months >= 1
    assert methods == {"EMAIL", "SELF_PICKUP"}
    assert formats == {"PDF", "EXCEL", "EXCEL_BREAKDOWN"}


async def test_d13_invoice_shows_the_name_in_force_at_formation(demo: DemoSummary) -> None:
    history: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    number_of = dict(await SubscriberRow.all().values_list("id", "number"))
    for row in await SubscriberNameRow.all():
        history[number_of[row.subscriber_id]].append((row.valid_from, row.name))  # type: ignore[attr-defined]
    twice_in_a_month = [
        number
        for number, names in history.items()
        if any(
            BillingPeriod.containing(a) == BillingPeriod.containing(b) and a < b
            for (a, _), (b, _) in itertools.pairwise(names)
        )
    ]
    assert twice_in_a_month
    for invoice in await InvoiceRow.all():
        for line in await InvoiceLineRow.filter(invoice_id=invoice.id, charge_type="SUBSCRIPTION"):
            expected = name_in_force(history[line.subscriber_number], invoice.formed_at)
            assert line.subscriber_name == expected
    for subscriber in await SubscriberRow.all():
        assert subscriber.name == max(history[subscriber.number])[1]


async def test_d12_payments_agree_with_the_invoices(demo: DemoSummary) -> None:
    for client in await ClientRow.all():
        invoices = await InvoiceRow.filter(account__client_id=client.id)
        payments = await PaymentRow.filter(client_id=client.id)
        for period in {i.period for i in invoices}:
            billed = sum((i.payments for i in invoices if i.period == period), Decimal(0))
            paid = sum(
                (p.amount for p in payments if p.confirmed and str(p.paid_on)[:7] == period),
                Decimal(0),
            )
            assert billed == paid
        assert all(p.paid_on <= NOW.date() and p.document_number for p in payments)
        accounts = await BillingAccountRow.filter(client_id=client.id)
        assert client.balance == sum((a.balance for a in accounts), Decimal(0))
    unconfirmed = await PaymentRow.filter(confirmed=False)
    assert len(unconfirmed) == 1
    assert NOW.date() - unconfirmed[0].paid_on <= timedelta(days=30)


async def test_d8_calls_cover_every_part_of_the_week(demo: DemoSummary) -> None:
    calendar = WorkCalendar()
    calls = await CallRow.all()
    assert demo.calls == len(calls) > 2000
    local = [to_minsk(c.started_at) for c in calls]
    assert all(c.started_at < NOW for c in calls)
    assert any(BillingPeriod.containing(t) == BillingPeriod.containing(NOW) for t in local)
    working = [t for t in local if calendar.is_working_day(t.date())]
    assert any(9 <= t.hour < 18 for t in working)
    assert any(t.hour >= 18 or t.hour < 9 for t in working)
    assert any(t.weekday() >= 5 for t in local)
    holidays = {t.date() for t in local if calendar.holiday_name(t.date()) and t.weekday() < 5}
    assert len(holidays) >= 3
    assert {c.kind for c in calls} == {
        "Исходящий местный",
        "Исходящий на мобильный",
        "Международный",
    }
    assert all(c.cost == money(c.cost) and c.cost >= 0 and c.duration_s > 0 for c in calls)


async def test_d15_d17_installments_and_feedback(demo: DemoSummary) -> None:
    demo_client = await ClientRow.get(unp=demo_unps()[0])
    rows = await InstallmentRow.all()
    assert len([r for r in rows if r.client_id == demo_client.id]) >= 2  # type: ignore[attr-defined]
    for row in rows:
        plan = Installment(row.item, row.total, row.months, row.first_payment_on, 0)
        due = sum(1 for p in plan.schedule() if p.due_on <= NOW.date())
        assert row.payments_made == due
    statuses = {t.status for t in await FeedbackTicketRow.all()}
    assert statuses == {"OPEN", "IN_PROGRESS", "RESOLVED"}
    assert await FeedbackReplyRow.all().count() >= 2


async def test_loading_twice_adds_nothing(demo: DemoSummary) -> None:
    before = await _counts()
    again = await load_demo(NOW, HASHER)
    assert again.skipped
    assert (again.clients, again.accounts, again.invoices, again.calls) == (
        demo.clients,
        demo.accounts,
        demo.invoices,
        demo.calls,
    )
    assert await _counts() == before


def test_demo_size_from_options() -> None:
    assert demo_size_from_options(False, None, None) == DemoSize()
    large = demo_size_from_options(True, None, None)
    assert large.total_accounts * large.subscribers_per_account == 10_000
    assert large.calls_per_subscriber_month * 10_000 * 12 >= 1_900_000
    sized = demo_size_from_options(False, 1000, 100)
    assert sized.total_accounts * sized.subscribers_per_account == 1000
    assert sized.calls_per_subscriber_month == 100
    many = demo_size_from_options(False, 20_000, None)
    assert many.total_accounts * many.subscribers_per_account >= 20_000
    assert many.subscribers_per_account <= 400
    with pytest.raises(ValueError):
        demo_size_from_options(False, 0, None)
