"""`kabinet demo`: the catalogue, then each client with its admin, accounts, subscribers,
history, installments and requests, in one transaction."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.client_info import validate_bic
from domain.installments import Installment, add_months
from domain.ports import PasswordHasher
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
    InvoiceRow,
    ServiceRow,
    SubscriberNameRow,
    SubscriberRow,
    SubscriberServiceRow,
    TariffRow,
)
from infra.demo.bulk import BulkWriter, utc
from infra.demo.catalogue import BANKS, SERVICES, SUPPORT, TARIFFS, TICKETS
from infra.demo.history import HistoryWriter, Totals
from infra.demo.people import PROFILES, demo_unps, make_iban, profile_of, unp_of
from infra.demo.plan import Account, Planner
from infra.demo.size import DemoSize, DemoSummary


class _Loader:
    def __init__(
        self, conn: BaseDBAsyncClient, now: datetime, hasher: PasswordHasher, size: DemoSize
    ) -> None:
        self.conn = conn
        self.hasher = hasher
        self.bulk = BulkWriter(conn)
        self.plan = Planner(now, size)
        self.totals = Totals()
        self.history = HistoryWriter(conn, self.bulk, self.plan, self.totals)

    # -- catalogue -----------------------------------------------------------------

    async def catalogue(self) -> None:
        have = set(
            cast(
                list[str], await TariffRow.all().using_db(self.conn).values_list("code", flat=True)
            )
        )
        for code, (name, fee) in TARIFFS.items():
            if code not in have:
                await TariffRow.create(code=code, name=name, monthly_fee=fee, using_db=self.conn)
        have = set(
            cast(
                list[str], await ServiceRow.all().using_db(self.conn).values_list("code", flat=True)
            )
        )
        for code, (name, allowed, fee_kopecks, _) in SERVICES.items():
            fee = Decimal(fee_kopecks) / 100
            if code not in have:
                await ServiceRow.create(
                    code=code,
                    name=name,
                    allowed_tariffs=allowed,
                    monthly_fee=fee,
                    using_db=self.conn,
                )
            else:  # a catalogue from before the fee column (migration 0002)
                await (
                    ServiceRow.filter(code=code, monthly_fee=0)
                    .using_db(self.conn)
                    .update(monthly_fee=fee)
                )

    # -- one client ----------------------------------------------------------------

    async def client(self, index: int) -> None:
        profile = profile_of(index)
        rng = random.Random(f"kabinet-demo-{index}")
        contract_date = self.plan.today - timedelta(days=profile.contract_age_days)
        row = await ClientRow.create(
            name=profile.name,
            unp=unp_of(profile.unp_prefix),
            okpo=profile.okpo,
            status="ACTIVE",
            payment_form=profile.payment_form,
            contract_number=f"КД-{contract_date.year}/{rng.randrange(100, 9999):04d}",
            contract_date=contract_date,
            email=f"info@{profile.domain}",
            balance=Decimal("0.00"),
            using_db=self.conn,
        )
        for position, bic in enumerate(profile.banks):
            rest = f"{rng.randrange(10**15, 10**16)}"
            await BankAccountRow.create(
                client=row,
                iban=make_iban(validate_bic(bic), "3012" if position == 0 else "3015", rest),
                bic=bic,
                bank=BANKS[bic],
                using_db=self.conn,
            )
        await self.admin(row, profile.login)
        accounts = self.plan.accounts(index, profile, rng, contract_date)
        await self.write_accounts(row, accounts)
        await self.write_subscribers(row, accounts)
        balance = Decimal("0.00")
        payments: list[tuple[Any, ...]] = []
        for position, account in enumerate(accounts):
            balance += await self.history.write_history(profile, account, position, rng, payments)
        await self.history.write_payments(row, profile, rng, payments)
        row.balance = balance
        await row.save(update_fields=["balance"], using_db=self.conn)
        await self.installments(row, index)
        await self.feedback(row, index)
        self.totals.clients += 1
        self.totals.accounts += len(accounts)

    async def admin(self, client: ClientRow, login: str) -> None:
        await _ensure_admin(self.conn, self.hasher, client, login)
        self.totals.logins.append(login)

    async def write_accounts(self, client: ClientRow, accounts: list[Account]) -> None:
        for account in accounts:
            row = await BillingAccountRow.create(
                client=client,
                number=account.number,
                balance=Decimal("0.00"),
                opened_on=account.opened_on,
                using_db=self.conn,
            )
            account.id = row.id
            rows = [
                (
                    account.id,
                    v.method.value,
                    v.emails.text,
                    v.format.value,
                    utc(v.valid_from),
                    v.changed_by,
                )
                for v in account.delivery
            ]
            await self.bulk.insert(
                DeliverySettingsRow,
                ("account_id", "method", "emails", "format", "valid_from", "changed_by"),
                rows,
            )

    async def write_subscribers(self, client: ClientRow, accounts: list[Account]) -> None:
        rows: list[tuple[Any, ...]] = []
        for account in accounts:
            for sub in account.subscribers:
                rows.append(
                    (client.id, account.id, sub.number, sub.names[-1][1], sub.tariff, sub.status)
                )
        await self.bulk.insert(
            SubscriberRow,
            ("client_id", "account_id", "number", "name", "tariff_id", "status"),
            rows,
        )
        ids = dict(
            await SubscriberRow.filter(client_id=client.id)
            .using_db(self.conn)
            .values_list("number", "id")
        )
        names: list[tuple[Any, ...]] = []
        services: list[tuple[Any, ...]] = []
        for account in accounts:
            for sub in account.subscribers:
                sub.id = cast(int, ids[sub.number])
                names += [(sub.id, name, utc(since)) for since, name in sub.names]
                services += [(sub.id, code) for code in sub.services]
        await self.bulk.insert(SubscriberNameRow, ("subscriber_id", "name", "valid_from"), names)
        await self.bulk.insert(SubscriberServiceRow, ("subscriber_id", "service_id"), services)
        self.totals.subscribers += len(rows)

    async def installments(self, client: ClientRow, index: int) -> None:
        """D15: items bought in installments; payments made = those due by today."""
        items = {
            0: [
                ("Смартфон Samsung Galaxy A55", "1259.00", 12, -7),
                ("IP-АТС Yeastar S20", "2880.00", 24, -14),
                ("Маршрутизатор MikroTik hAP ax3", "389.40", 6, -10),
            ],
            1: [("Ноутбук Lenovo ThinkPad E14", "3240.00", 18, -3)],
        }.get(index, [])
        for item, total, months, offset in items:
            first = add_months(self.plan.today.replace(day=15), offset)
            plan = Installment(item, Decimal(total), months, first, 0)
            made = sum(1 for p in plan.schedule() if p.due_on <= self.plan.today)
            await InstallmentRow.create(
                client=client,
                item=item,
                total=plan.total,
                months=months,
                first_payment_on=first,
                payments_made=made,
                using_db=self.conn,
            )

    async def feedback(self, client: ClientRow, index: int) -> None:
        """D17: requests to the operator with statuses and replies."""
        login = profile_of(index).login
        tickets = TICKETS if index == 0 else TICKETS[2:]
        for subject, text, status, days_ago, replies in tickets:
            created = self.plan.now - timedelta(days=days_ago, hours=3)
            ticket = await FeedbackTicketRow.create(
                client=client,
                subject=subject,
                text=text,
                status=status,
                created_by=login,
                created_at=created,
                using_db=self.conn,
            )
            for hours, by_admin, reply in replies:
                await FeedbackReplyRow.create(
                    ticket=ticket,
                    author=login if by_admin else SUPPORT,
                    text=reply,
                    created_at=created + timedelta(hours=hours),
                    using_db=self.conn,
                )


async def _ensure_admin(
    conn: BaseDBAsyncClient, hasher: PasswordHasher, client: ClientRow, login: str
) -> None:
    """The client's demo admin, whose password is its login, unless the login is taken."""
    if not await AdminRow.filter(login=login).using_db(conn).exists():
        await AdminRow.create(
            client=client, login=login, password_hash=hasher.hash(login), using_db=conn
        )


async def _existing_summary(
    conn: BaseDBAsyncClient, clients: list[ClientRow], hasher: PasswordHasher
) -> DemoSummary:
    by_unp = {c.unp: c for c in clients}
    logins = []
    for index in range(len(PROFILES)):
        profile = profile_of(index)
        client = by_unp.get(unp_of(profile.unp_prefix))
        if client is None:
            continue
        logins.append(profile.login)
        await _ensure_admin(conn, hasher, client, profile.login)
    ids = [c.id for c in clients]
    accounts = await BillingAccountRow.filter(client_id__in=ids).using_db(conn).count()
    return DemoSummary(
        clients=len(clients),
        accounts=accounts,
        subscribers=await SubscriberRow.filter(client_id__in=ids).using_db(conn).count(),
        invoices=await InvoiceRow.filter(account__client_id__in=ids).using_db(conn).count(),
        calls=await CallRow.filter(account__client_id__in=ids).using_db(conn).count(),
        skipped=True,
        logins=tuple(logins),
    )


async def load_demo(
    now: datetime, hasher: PasswordHasher, size: DemoSize | None = None
) -> DemoSummary:
    """`kabinet demo`: load the demo clients unless they exist (the database is open)."""
    if now.tzinfo is None:
        raise ValueError("now must be aware (D0)")
    size = size or DemoSize()
    async with in_transaction("default") as conn:
        found = await ClientRow.filter(unp__in=demo_unps(size)).using_db(conn)
        if any(c.unp in demo_unps()[: len(PROFILES)] for c in found):
            return await _existing_summary(conn, list(found), hasher)
        loader = _Loader(conn, now, hasher, size)
        await loader.catalogue()
        for index in range(size.client_count):
            await loader.client(index)
    t = loader.totals
    return DemoSummary(
        t.clients, t.accounts, t.subscribers, t.invoices, t.calls, False, tuple(t.logins)
    )
