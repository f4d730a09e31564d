"""Helpers for the menu's API tests: counting rows to prove a refusal changed nothing."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import httpx
import openpyxl

from domain.ids import ClientId
from domain.list_requests import RenameRequest, ServiceRequest
from domain.renaming import RenameLine
from domain.services_by_list import ServiceAction
from infra.bootstrap import Container
from infra.db import models as m
from infra.db.requests_repo import TortoiseRenameRequestRepository, TortoiseServiceRequestRepository
from tests.db_fixtures import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSRF = {"x-kabinet-csrf": "1"}

TABLES: tuple[type[Any], ...] = (
    m.PaymentRow,
    m.SubscriberRow,
    m.SubscriberNameRow,
    m.SubscriberServiceRow,
    m.RenameRequestRow,
    m.RenameLineRow,
    m.ServiceRequestRow,
    m.ServiceLineRow,
    m.FeedbackTicketRow,
    m.FeedbackReplyRow,
    m.AuditRow,
    m.OutboxRow,
)


async def snapshot() -> dict[str, Any]:
    """Row counts of every table the menu writes, and every subscriber's name."""
    counts: dict[str, Any] = {t.__name__: await t.all().count() for t in TABLES}
    counts["names"] = sorted(await m.SubscriberRow.all().values_list("number", "name"))
    return counts


async def client_id_of(login: str) -> int:
    admin = await m.AdminRow.get(login=login)
    return int(admin.client_id)  # type: ignore[attr-defined]


async def numbers_of(login: str) -> list[str]:
    client_id = await client_id_of(login)
    rows = (
        await m.SubscriberRow.filter(client_id=client_id)
        .order_by("number")
        .values_list("number", flat=True)
    )
    return [str(n) for n in rows]


async def add_subscribers(login: str, count: int) -> list[str]:
    """`count` new subscribers of that client, named «Старое», on the BIZ_START tariff."""
    client_id = await client_id_of(login)
    account = await m.BillingAccountRow.filter(client_id=client_id).first()
    assert account is not None
    numbers = [f"+37533{7_000_000 + i:07d}" for i in range(count)]
    await m.SubscriberRow.bulk_create(
        [
            m.SubscriberRow(
                client_id=client_id,
                account_id=account.id,
                number=n,
                name="Старое",
                tariff_id="BIZ_START",
            )
            for n in numbers
        ],
        batch_size=500,
    )
    return numbers


async def wait_for(api: Api, query: str, variables: dict[str, Any], done: Any) -> Any:
    """Poll a query until `done(data)` holds (in-process jobs run right after commit)."""
    data = None
    for _ in range(400):
        data = await api(query, variables)
        if done(data):
            return data
        await asyncio.sleep(0.05)
    raise AssertionError(f"not done in time: {data}")


async def accepted_rename(container: Container, numbers: list[str]) -> RenameRequest:
    """A rename request of demo's, stored as accepted but with no job message sent
    (tests deliver it themselves: twice, late, or through recovery).
    Line i renames numbers[i] to «Сотрудник i»."""
    async with container.uow.transaction():
        request = await TortoiseRenameRequestRepository().add(
            ClientId(await client_id_of("demo")),
            "demo",
            None,
            [RenameLine(i, n, f"Сотрудник {i}") for i, n in enumerate(numbers)],
            container.clock.now(),
        )
    assert request is not None
    return request


async def accepted_service_change(container: Container, numbers: list[str]) -> ServiceRequest:
    """A request of demo's to add MMS to `numbers`, stored with no job message sent."""
    async with container.uow.transaction():
        return await TortoiseServiceRequestRepository().add(
            ClientId(await client_id_of("demo")),
            "demo",
            ServiceAction.ADD,
            "MMS",
            numbers,
            container.clock.now(),
        )


def workbook(rows: list[tuple[Any, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload_list(
    api: Api,
    query: str,
    fields: dict[str, Any],
    data: bytes,
    filename: str = "list.xlsx",
    csrf: dict[str, str] = CSRF,
) -> httpx.Response:
    """The mutation `query` with `data` as its input's `file`, as a GraphQL multipart
    request (the spec the front end's upload follows), with the CSRF headers `csrf`."""
    variables = {"i": {**fields, "file": None}}
    return await api.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({"0": ["variables.i.file"]}),
        },
        files={"0": (filename, data, XLSX)},
        headers={"Authorization": f"Bearer {api.token}", **csrf},
    )


def upload_payload(response: httpx.Response, field: str) -> dict[str, Any]:
    """The mutation's payload from a multipart answer without GraphQL errors."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    result: dict[str, Any] = body["data"][field]
    return result
