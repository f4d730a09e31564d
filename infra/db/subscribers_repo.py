"""Subscribers, their services and names, and the service catalogue (D13, D14, D16)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from tortoise import connections

from domain.ids import ClientId, SubscriberId
from domain.list_requests import ServiceState
from domain.paging import Page, PageRequest
from domain.subscribers import AdditionalService, Subscriber, SubscriberSearch
from infra.db import models as m
from infra.db.rows import ids_list, json_value, select

# Bound parameters per IN (...) query: below SQLite's (32,766) and asyncpg's (32,767) limits.
IN_CHUNK = 5000


def _chunks(items: Sequence[str]) -> list[list[str]]:
    unique = list(dict.fromkeys(items))
    return [unique[i : i + IN_CHUNK] for i in range(0, len(unique), IN_CHUNK)]


def _service(row: m.ServiceRow) -> AdditionalService:
    return AdditionalService(
        code=row.code, name=row.name, allowed_tariffs=tuple(row.allowed_tariffs or ())
    )


class TortoiseServiceCatalogue:
    async def all(self) -> list[AdditionalService]:
        return [_service(r) for r in await m.ServiceRow.all().order_by("name", "code")]

    async def get(self, code: str) -> AdditionalService | None:
        row = await m.ServiceRow.get_or_none(code=code)
        return _service(row) if row else None


# The columns _build reads, in its order; the tariff's name joined (its code if none).
SUBSCRIBER_COLUMNS = (
    's."id", s."number", s."name", s."tariff_id", s."status", COALESCE(t."name", s."tariff_id")'
)
SUBSCRIBER_FROM = 'FROM "subscriber" s LEFT JOIN "tariff" t ON t."code" = s."tariff_id"'


class TortoiseSubscriberRepository:
    async def _build(self, rows: Sequence[Any]) -> list[Subscriber]:
        """Subscribers of plain rows of SUBSCRIBER_COLUMNS, with their services (one query)."""
        ids = [int(r[0]) for r in rows]
        services: dict[int, list[AdditionalService]] = {i: [] for i in ids}
        if ids:
            catalogue: dict[str, AdditionalService] = {}
            links = await select(
                'SELECT l."subscriber_id", v."code", v."name", v."allowed_tariffs" '  # noqa: S608
                'FROM "subscriber_service" l JOIN "service" v ON v."code" = l."service_id" '
                f'WHERE l."subscriber_id" IN ({ids_list(ids)}) ORDER BY v."name"'
            )
            for subscriber_id, code, name, allowed in links:
                service = catalogue.get(code)
                if service is None:
                    tariffs = tuple(json_value(allowed) or ())
                    service = catalogue[code] = AdditionalService(code, name, tariffs)
                services[int(subscriber_id)].append(service)
        return [
            Subscriber(
                id=SubscriberId(int(r[0])),
                number=r[1],
                name=r[2],
                tariff_code=r[3],
                tariff=str(r[5]),
                status=r[4],
                services=tuple(services[int(r[0])]),
            )
            for r in rows
        ]

    async def search(
        self, client_id: ClientId, search: SubscriberSearch, page: PageRequest
    ) -> Page[Subscriber]:
        if search.everything:
            rows = await select(
                f"SELECT {SUBSCRIBER_COLUMNS} {SUBSCRIBER_FROM} "
                'WHERE s."client_id" = ? ORDER BY s."number", s."id" LIMIT ? OFFSET ?',
                [client_id, page.first + 1, page.offset],
            )
            return Page(await self._build(rows[: page.first]), page.offset, len(rows) > page.first)
        # SQLite folds only ASCII case in SQL, so names are matched here (D16: Cyrillic).
        query = m.SubscriberRow.filter(client_id=client_id).order_by("number", "id")
        candidates = await query.values_list("id", "number", "name")
        matched = [int(i) for i, number, name in candidates if search.matches(number, name)]
        window = matched[page.offset : page.offset + page.first]
        found: dict[int, Any] = {}
        if window:
            rows = await select(
                f"SELECT {SUBSCRIBER_COLUMNS} {SUBSCRIBER_FROM} "
                f'WHERE s."id" IN ({ids_list(window)})'
            )
            found = {int(r[0]): r for r in rows}
        built = await self._build([found[i] for i in window])
        return Page(built, page.offset, len(matched) > page.offset + page.first)

    async def get(self, client_id: ClientId, subscriber_id: SubscriberId) -> Subscriber | None:
        rows = await select(
            f'SELECT {SUBSCRIBER_COLUMNS} {SUBSCRIBER_FROM} WHERE s."id" = ? AND s."client_id" = ?',
            [subscriber_id, client_id],
        )
        return (await self._build(rows))[0] if rows else None

    async def ids_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, SubscriberId]:
        unique = list(dict.fromkeys(numbers))
        if not unique:
            return {}
        # One query with the numbers as one parameter (an array, a JSON list): building
        # IN (...) with 10,000 placeholders cost more than the look-up itself.
        conn = connections.get("default")
        dialect = conn.capabilities.dialect
        table = m.SubscriberRow._meta.db_table  # from our model, never from input
        if dialect == "postgres":
            _, rows = await conn.execute_query(
                f'SELECT "number", "id" FROM "{table}" '  # noqa: S608
                'WHERE "client_id" = $1 AND "number" = ANY($2::text[])',
                [client_id, unique],
            )
            return {str(r[0]): SubscriberId(int(r[1])) for r in rows}
        if dialect == "sqlite":
            _, rows = await conn.execute_query(
                f'SELECT "number", "id" FROM "{table}" '  # noqa: S608
                'WHERE "client_id" = ? AND "number" IN (SELECT "value" FROM json_each(?))',
                [client_id, json.dumps(unique)],
            )
            return {str(r[0]): SubscriberId(int(r[1])) for r in rows}
        found: dict[str, SubscriberId] = {}
        for chunk in _chunks(numbers):
            rows = await m.SubscriberRow.filter(client_id=client_id, number__in=chunk).values_list(
                "number", "id"
            )
            found.update((str(n), SubscriberId(int(i))) for n, i in rows)
        return found

    async def names_by_number(
        self, client_id: ClientId, numbers: Sequence[str]
    ) -> Mapping[str, tuple[SubscriberId, str]]:
        found: dict[str, tuple[SubscriberId, str]] = {}
        for chunk in _chunks(numbers):
            rows = await m.SubscriberRow.filter(client_id=client_id, number__in=chunk).values_list(
                "number", "id", "name"
            )
            found.update((str(n), (SubscriberId(int(i)), str(name))) for n, i, name in rows)
        return found

    async def rename(self, renames: Sequence[tuple[SubscriberId, str]], at: datetime) -> None:
        if not renames:
            return
        for subscriber_id, name in renames:
            await m.SubscriberRow.filter(id=subscriber_id).update(name=name)
        await m.SubscriberNameRow.bulk_create(
            [m.SubscriberNameRow(subscriber_id=i, name=name, valid_from=at) for i, name in renames],
            batch_size=500,
        )

    async def service_states(
        self, client_id: ClientId, numbers: Sequence[str], service_code: str
    ) -> Mapping[str, ServiceState]:
        found: dict[str, ServiceState] = {}
        for chunk in _chunks(numbers):
            rows: list[Any] = await m.SubscriberRow.filter(
                client_id=client_id, number__in=chunk
            ).values_list("number", "id", "tariff_id")
            ids = [int(r[1]) for r in rows]
            having = set(
                await m.SubscriberServiceRow.filter(
                    subscriber_id__in=ids, service_id=service_code
                ).values_list("subscriber_id", flat=True)
            )
            for number, subscriber_id, tariff in rows:
                found[str(number)] = ServiceState(
                    SubscriberId(int(subscriber_id)), str(tariff), subscriber_id in having
                )
        return found

    async def set_service(
        self, subscriber_ids: Sequence[SubscriberId], service_code: str, on: bool
    ) -> None:
        if not subscriber_ids:
            return
        if on:
            await m.SubscriberServiceRow.bulk_create(
                [
                    m.SubscriberServiceRow(subscriber_id=i, service_id=service_code)
                    for i in subscriber_ids
                ],
                batch_size=500,
            )
            return
        await m.SubscriberServiceRow.filter(
            subscriber_id__in=list(subscriber_ids), service_id=service_code
        ).delete()
