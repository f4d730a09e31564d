"""The hand-written baseline of `bench_screens.py`: Starlette + plain SQL → the same JSON.

`POST /raw/<screen>` with `Authorization: Bearer <token>` answers what Kabinet answers
for that screen (`bench_screens.SCREENS`), `{"data": {...}}`, from the same database:
one session look-up, then the screen's rows read with plain SQL through the driver
(asyncpg pool on PostgreSQL, one aiosqlite connection on SQLite, like Tortoise) and
shaped by hand. No GraphQL, no ORM, no domain objects: the floor Kabinet is measured
against. Started as its own uvicorn process:

    KABINET_DATABASE_URL=… KABINET_FAKE_NOW=… uvicorn bench._raw_app:app --port N
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

MINSK = ZoneInfo("Europe/Minsk")
URL = os.environ["KABINET_DATABASE_URL"]
NOW = datetime.fromisoformat(os.environ["KABINET_FAKE_NOW"]).astimezone(UTC)
POSTGRES = URL.startswith(("postgres://", "postgresql://"))


class Db:
    """`rows(sql, args)` with `?` placeholders on both back ends."""

    def __init__(self) -> None:
        self.pool: Any = None
        self.conn: Any = None

    async def open(self) -> None:
        if POSTGRES:
            import asyncpg

            self.pool = await asyncpg.create_pool(URL, min_size=1, max_size=5)
        else:
            import aiosqlite

            self.conn = await aiosqlite.connect(URL.split("://", 1)[1])

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        if self.conn is not None:
            await self.conn.close()

    async def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        if self.pool is not None:
            parts = sql.split("?")
            numbered = parts[0] + "".join(f"${i}{p}" for i, p in enumerate(parts[1:], 1))
            async with self.pool.acquire() as conn:
                return list(await conn.fetch(numbered, *args))
        async with self.conn.execute(sql, list(args)) as cursor:
            return list(await cursor.fetchall())


DB = Db()


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def money(value: Any) -> str:
    # SQLite keeps the text Tortoise wrote ("-7290.86"); PostgreSQL gives numeric(14,2).
    return str(value) if isinstance(value, Decimal) else value


def moment(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return str(value.astimezone(MINSK).isoformat())


def when(value: datetime) -> Any:
    """A moment as a query argument: SQLite compares Tortoise's text spelling."""
    return value if POSTGRES else str(value.astimezone(UTC)).replace("T", " ")


def month_back(months: int) -> str:
    local = NOW.astimezone(MINSK)
    index = local.year * 12 + local.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def in_list(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


async def actor(request: Request) -> tuple[str, int] | None:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    digest = hashlib.sha256(token.encode()).hexdigest()
    found = await DB.rows(
        'SELECT a."login", a."client_id" FROM "session" s JOIN "admin" a ON a."id" = s."admin_id"'
        ' WHERE s."token_digest" = ? AND s."revoked_at" IS NULL AND s."expires_at" > ?',
        [digest, when(NOW)],
    )
    return (found[0][0], found[0][1]) if found else None


async def accounts(client_id: int, first: int, invoices: int, fields: str) -> list[Any]:
    """billingAccounts(first) with delivery, downloadablePeriods and invoices(first)."""
    rows = await DB.rows(
        'SELECT "id", "number", "balance" FROM "billing_account" WHERE "client_id" = ? '
        'ORDER BY "number", "id" LIMIT ?',
        [client_id, first + 1],
    )
    rows = rows[:first]
    ids = in_list([r[0] for r in rows])
    delivery: dict[int, dict[str, Any]] = {}
    for account_id, method, emails, fmt, valid_from in await DB.rows(
        'SELECT "account_id", "method", "emails", "format", "valid_from" FROM '
        f'"delivery_settings" WHERE "account_id" IN ({ids}) AND "valid_from" <= ? '
        'ORDER BY "account_id", "valid_from" DESC, "id" DESC',
        [when(NOW)],
    ):
        if account_id not in delivery:
            listed = [e for e in emails.split(";") if e]
            delivery[account_id] = {
                "method": method,
                "emails": listed,
                "format": fmt,
                "validFrom": moment(valid_from),
            }
    window = [month_back(1), month_back(2)]
    formed: dict[int, set[str]] = {}
    for account_id, period in await DB.rows(
        f'SELECT "account_id", "period" FROM "invoice" WHERE "account_id" IN ({ids}) '
        f'AND "period" IN (?, ?)',
        window,
    ):
        formed.setdefault(account_id, set()).add(period)
    latest: dict[int, list[Any]] = {}
    # The newest `invoices` of each account, a branch per account reading its rows
    # backwards on the (account_id, period) index (as Kabinet reads them).
    newest = (
        await DB.rows(
            " UNION ALL ".join(
                f'SELECT * FROM (SELECT "account_id", "id", "number", "period", {fields} '
                f'FROM "invoice" WHERE "account_id" = {int(r[0])} '
                f'ORDER BY "period" DESC LIMIT {int(invoices)}) AS "a{n}"'
                for n, r in enumerate(rows)
            )
        )
        if rows
        else []
    )
    for row in sorted(newest, key=lambda r: r[3], reverse=True):
        latest.setdefault(row[0], []).append(row)
    return [
        (r, delivery.get(r[0]), [p for p in window if p in formed.get(r[0], ())], latest.get(r[0]))
        for r in rows
    ]


async def screen_a(client_id: int, login: str) -> dict[str, Any]:
    client = (
        await DB.rows('SELECT "name", "unp", "balance" FROM "client" WHERE "id" = ?', [client_id])
    )[0]
    day = NOW.astimezone(MINSK)
    closed = day.day <= 3
    nodes = []
    for row, delivery, periods, invoices in await accounts(
        client_id, 10, 3, '"total", "vat", "amount_due", "sent_to"'
    ):
        nodes.append(
            {
                "id": gid("BillingAccount", row[0]),
                "number": row[1],
                "balance": money(row[2]),
                "delivery": delivery,
                "downloadablePeriods": periods,
                "invoices": {
                    "nodes": [
                        {
                            "id": gid("Invoice", i[1]),
                            "number": i[2],
                            "period": i[3],
                            "total": money(i[4]),
                            "vat": money(i[5]),
                            "amountDue": money(i[6]),
                            "sentTo": json.loads(i[7]) if isinstance(i[7], str) else i[7],
                        }
                        for i in invoices or ()
                    ]
                },
            }
        )
    resumes = datetime(day.year, day.month, 4, tzinfo=MINSK).isoformat() if closed else None
    return {
        "me": {
            "login": login,
            "client": {"name": client[0], "unp": client[1], "balance": money(client[2])},
        },
        "invoiceService": {
            "available": not closed,
            "reason": "FORMATION_WINDOW" if closed else None,
            "resumesAt": resumes,
        },
        "billingAccounts": {"nodes": nodes},
    }


async def screen_b(client_id: int, login: str) -> dict[str, Any]:
    nodes = []
    for row, delivery, periods, invoices in await accounts(client_id, 100, 12, '"amount_due"'):
        assert delivery is not None
        nodes.append(
            {
                "balance": money(row[2]),
                "delivery": {
                    "emails": delivery["emails"],
                    "format": delivery["format"],
                    "method": delivery["method"],
                    "validFrom": delivery["validFrom"],
                },
                "downloadablePeriods": periods,
                "id": gid("BillingAccount", row[0]),
                "invoices": {
                    "nodes": [
                        {
                            "amountDue": money(i[4]),
                            "id": gid("Invoice", i[1]),
                            "number": i[2],
                            "period": i[3],
                        }
                        for i in invoices or ()
                    ]
                },
                "number": row[1],
            }
        )
    return {"billingAccounts": {"nodes": nodes}}


async def screen_c(client_id: int, login: str) -> dict[str, Any]:
    rows = await DB.rows(
        'SELECT s."id", s."name", s."number", s."status", t."name" FROM "subscriber" s '
        'JOIN "tariff" t ON t."code" = s."tariff_id" WHERE s."client_id" = ? '
        'ORDER BY s."number", s."id" LIMIT ?',
        [client_id, 101],
    )
    rows = rows[:100]
    services: dict[int, list[dict[str, str]]] = {}
    for subscriber_id, code, name in await DB.rows(
        'SELECT l."subscriber_id", v."code", v."name" FROM "subscriber_service" l '
        'JOIN "service" v ON v."code" = l."service_id" '
        f'WHERE l."subscriber_id" IN ({in_list([r[0] for r in rows])}) ORDER BY v."name"'
    ):
        services.setdefault(subscriber_id, []).append({"code": code, "name": name})
    return {
        "subscribers": {
            "nodes": [
                {
                    "id": gid("Subscriber", r[0]),
                    "name": r[1],
                    "number": r[2],
                    "services": services.get(r[0], []),
                    "status": r[3],
                    "tariff": r[4],
                }
                for r in rows
            ]
        }
    }


async def screen_d(client_id: int, login: str) -> dict[str, Any]:
    rows = await DB.rows(
        'SELECT "id", "amount", "bank", "confirmed", "document_number", "paid_on" FROM "payment" '
        'WHERE "client_id" = ? ORDER BY "paid_on" DESC, "id" DESC LIMIT ?',
        [client_id, 101],
    )
    return {
        "payments": {
            "nodes": [
                {
                    "amount": money(r[1]),
                    "bank": r[2],
                    "confirmed": bool(r[3]),
                    "documentNumber": r[4],
                    "id": gid("Payment", r[0]),
                    "paidOn": r[5] if isinstance(r[5], str) else r[5].isoformat(),
                }
                for r in rows[:100]
            ]
        }
    }


SCREENS: dict[str, Callable[[int, str], Any]] = {
    "a": screen_a,
    "b": screen_b,
    "c": screen_c,
    "d": screen_d,
}


async def raw(request: Request) -> Response:
    found = await actor(request)
    if found is None:
        return Response(b'{"errors":[{"message":"unauthenticated"}]}', 401)
    data = await SCREENS[request.path_params["screen"]](found[1], found[0])
    body = json.dumps({"data": data}, separators=(",", ":"))
    return Response(body, media_type="application/json")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    await DB.open()
    yield
    await DB.close()


app = Starlette(routes=[Route("/raw/{screen}", raw, methods=["POST"])], lifespan=lifespan)
