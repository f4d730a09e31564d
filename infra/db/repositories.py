"""Tortoise repositories; every query by id is scoped to the client (D18)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.accounts import Admin, BankAccount, BillingAccount, Client
from domain.auth import Session
from domain.delivery import DeliverySettings
from domain.ids import AccountId, AdminId, ClientId, InvoiceId, SessionId
from domain.invoices import Invoice
from domain.paging import Page, PageRequest
from domain.periods import BillingPeriod
from infra.db import mappers
from infra.db import models as m
from infra.db.rows import ids_list, moment, moment_arg, select

R = TypeVar("R", bound=Any)
T = TypeVar("T")
M = TypeVar("M", bound=Model)


async def fetch_page(query: QuerySet[R], page: PageRequest) -> tuple[list[R], bool]:
    """One page plus whether more follow: fetch one extra row instead of counting."""
    rows = await query.offset(page.offset).limit(page.first + 1)
    return list(rows[: page.first]), len(rows) > page.first


async def page_of(query: QuerySet[R], page: PageRequest, convert: Callable[[R], T]) -> Page[T]:
    """`fetch_page`, each row converted to its domain object."""
    rows, more = await fetch_page(query, page)
    return Page([convert(r) for r in rows], page.offset, more)


async def newest_per(
    model: type[M],
    group: str,
    ids: Sequence[int],
    newest: int,
    order: str,
    **equal: int,
) -> list[M]:
    """The first `newest` rows (by `order`) of each `group` value in `ids`, in one windowed
    query: the rows read are bounded by what is shown, not by the groups' history.

    The column names are ours; the ids, the count and the `equal` values are integers:
    inlined, never user text.
    """
    table = model._meta.db_table
    listed = ",".join(str(int(i)) for i in ids)
    where = "".join(f'"{column}" = {int(value)} AND ' for column, value in equal.items())
    sql = (
        f'SELECT * FROM (SELECT "{table}".*, row_number() OVER ('  # noqa: S608
        f'PARTITION BY "{group}" ORDER BY {order}) AS "rn" '
        f'FROM "{table}" WHERE {where}"{group}" IN ({listed})) AS "ranked" '
        f'WHERE "rn" <= {int(newest)} ORDER BY "{group}", {order}'
    )
    rows: list[M] = await model.raw(sql)
    return rows


class TortoiseAdminRepository:
    async def by_login(self, login: str) -> Admin | None:
        row = await m.AdminRow.get_or_none(login=login)
        return mappers.admin(row) if row else None

    async def get(self, admin_id: AdminId) -> Admin | None:
        row = await m.AdminRow.get_or_none(id=admin_id)
        return mappers.admin(row) if row else None


class TortoiseSessionRepository:
    async def add(self, admin_id: AdminId, token_digest: str, expires_at: datetime) -> Session:
        row = await m.SessionRow.create(
            admin_id=admin_id, token_digest=token_digest, expires_at=expires_at
        )
        found = await self.by_digest(token_digest)
        assert found is not None and found.id == row.id
        return found

    async def by_digest(self, token_digest: str) -> Session | None:
        # Every signed-in request asks this: one plain row, no model objects.
        rows = await select(
            'SELECT "session"."id", "admin"."id", "admin"."client_id", "admin"."login", '
            '"session"."expires_at", "session"."revoked_at" FROM "session" '
            'JOIN "admin" ON "admin"."id" = "session"."admin_id" '
            'WHERE "session"."token_digest" = ? LIMIT 1',
            [token_digest],
        )
        if not rows:
            return None
        row = rows[0]
        return Session(
            id=SessionId(int(row[0])),
            admin_id=AdminId(int(row[1])),
            client_id=ClientId(int(row[2])),
            login=row[3],
            expires_at=moment(row[4]),
            revoked=row[5] is not None,
        )

    async def revoke(self, session_id: SessionId, at: datetime) -> None:
        await m.SessionRow.filter(id=session_id, revoked_at__isnull=True).update(revoked_at=at)


class TortoiseClientRepository:
    async def get(self, client_id: ClientId, with_bank_accounts: bool = True) -> Client | None:
        row = await m.ClientRow.get_or_none(id=client_id)
        if row is None:
            return None
        banks = await self.bank_accounts(client_id) if with_bank_accounts else ()
        return mappers.client(row, banks)

    async def bank_accounts(self, client_id: ClientId) -> tuple[BankAccount, ...]:
        rows = await select(
            'SELECT "iban", "bic", "bank" FROM "bank_account" WHERE "client_id" = ? ORDER BY "id"',
            [client_id],
        )
        return tuple(BankAccount(iban=r[0], bic=r[1], bank=r[2]) for r in rows)


# The columns mappers.account_of reads, in its order.
ACCOUNT_COLUMNS = '"id", "client_id", "number", "balance", "opened_on"'


class TortoiseBillingAccountRepository:
    async def list(self, client_id: ClientId, page: PageRequest) -> Page[BillingAccount]:
        rows = await select(
            f'SELECT {ACCOUNT_COLUMNS} FROM "billing_account" WHERE "client_id" = ? '  # noqa: S608
            'ORDER BY "number", "id" LIMIT ? OFFSET ?',
            [client_id, page.first + 1, page.offset],
        )
        accounts = [mappers.account_of(r) for r in rows[: page.first]]
        return Page(accounts, page.offset, len(rows) > page.first)

    async def get(self, client_id: ClientId, account_id: AccountId) -> BillingAccount | None:
        row = await m.BillingAccountRow.get_or_none(id=account_id, client_id=client_id)
        return mappers.account(row) if row else None

    async def get_many(
        self, client_id: ClientId, account_ids: Sequence[AccountId]
    ) -> Mapping[AccountId, BillingAccount]:
        if not account_ids:
            return {}
        rows = await select(
            f'SELECT {ACCOUNT_COLUMNS} FROM "billing_account" WHERE "client_id" = ? '  # noqa: S608
            f'AND "id" IN ({ids_list(account_ids)})',
            [client_id],
        )
        return {AccountId(int(r[0])): mappers.account_of(r) for r in rows}


class TortoiseDeliverySettingsRepository:
    async def in_force(
        self, account_ids: Sequence[AccountId], at: datetime
    ) -> Mapping[AccountId, DeliverySettings]:
        # One windowed query for all accounts: the newest version up to `at` of each, so
        # the rows read do not grow with the history of changes.
        if not account_ids:
            return {}
        rows = await select(
            'SELECT "account_id", "id", "method", "emails", "format", "valid_from", '  # noqa: S608
            '"changed_by" FROM (SELECT *, row_number() OVER (PARTITION BY "account_id" '
            'ORDER BY "valid_from" DESC, "id" DESC) AS "rn" FROM "delivery_settings" '
            f'WHERE "account_id" IN ({ids_list(account_ids)}) AND "valid_from" <= ?) '
            'AS "ranked" WHERE "rn" = 1',
            [moment_arg(at)],
        )
        return {AccountId(int(r[0])): mappers.delivery_of(r[1:]) for r in rows}

    async def history(self, account_id: AccountId, page: PageRequest) -> Page[DeliverySettings]:
        return await page_of(
            m.DeliverySettingsRow.filter(account_id=account_id).order_by("-valid_from", "-id"),
            page,
            mappers.delivery,
        )

    async def add(self, account_id: AccountId, settings: DeliverySettings) -> DeliverySettings:
        row = await m.DeliverySettingsRow.create(
            account_id=account_id,
            method=settings.method.value,
            emails=settings.emails.text,
            format=settings.format.value,
            valid_from=settings.valid_from,
            changed_by=settings.changed_by,
        )
        return mappers.delivery(row)


class TortoiseInvoiceRepository:
    async def list_for_account(self, account_id: AccountId, page: PageRequest) -> Page[Invoice]:
        return await page_of(
            m.InvoiceRow.filter(account_id=account_id).order_by("-period", "-id"),
            page,
            mappers.invoice,
        )

    async def latest_for_accounts(
        self, account_ids: Sequence[AccountId], per_account: int
    ) -> Mapping[AccountId, list[Invoice]]:
        found: dict[AccountId, list[Invoice]] = {a: [] for a in account_ids}
        if not account_ids:
            return found
        # Periods are YYYY-MM strings, one invoice per account and period (a unique
        # index): the newest N are the first N of that index read backwards. One
        # statement, a branch per account, each reading only the rows it returns; a
        # window over every invoice of the accounts (row_number() <= N) sorted them all,
        # 2.5x as long on SQLite for screen b's 50 accounts x 13.
        rows = await select(
            " UNION ALL ".join(
                f"SELECT * FROM (SELECT {mappers.INVOICE_COLUMNS} FROM "  # noqa: S608
                f'"invoice" WHERE "account_id" = {int(account)} '
                f'ORDER BY "period" DESC LIMIT {int(per_account)}) AS "a{index}"'
                for index, account in enumerate(dict.fromkeys(account_ids))
            ),
            [],
        )
        # Newest first within each account, whatever order the branches come out in.
        for row in sorted(rows, key=itemgetter(3), reverse=True):
            found[AccountId(int(row[1]))].append(mappers.invoice_of(row))
        return found

    async def get(self, client_id: ClientId, invoice_id: InvoiceId) -> Invoice | None:
        row = await m.InvoiceRow.get_or_none(id=invoice_id, account__client_id=client_id)
        return mappers.invoice(row) if row else None

    async def for_period(
        self, account_id: AccountId, period: BillingPeriod, with_lines: bool = False
    ) -> Invoice | None:
        row = await m.InvoiceRow.get_or_none(account_id=account_id, period=str(period))
        if row is None:
            return None
        lines = (
            await m.InvoiceLineRow.filter(invoice_id=row.id).order_by("subscriber_number", "id")
            if with_lines
            else None
        )
        return mappers.invoice(row, lines)

    async def periods_formed(
        self, account_ids: Sequence[AccountId], periods: Sequence[str]
    ) -> Mapping[AccountId, set[str]]:
        found: dict[AccountId, set[str]] = {a: set() for a in account_ids}
        if not account_ids or not periods:
            return found
        rows = await select(
            'SELECT "account_id", "period" FROM "invoice" '  # noqa: S608
            f'WHERE "account_id" IN ({ids_list(account_ids)}) '
            f'AND "period" IN ({",".join("?" for _ in periods)})',
            list(periods),
        )
        for account_id, period in rows:
            found[AccountId(int(account_id))].add(str(period))
        return found
