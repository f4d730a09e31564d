"""Steps shared by the use cases that order invoices and make their files (D2–D4, D8, D18)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from domain import periods
from domain.accounts import BillingAccount
from domain.auth import Actor
from domain.documents import CallRecord, DownloadFormat, InvoiceDocument
from domain.errors import NotFound
from domain.ids import AccountId, CallId
from domain.periods import BillingPeriod
from domain.ports import CallRepository, InvoiceRenderer, UnitOfWork

CALL_CHUNK = 5_000


async def require_account(uow: UnitOfWork, actor: Actor, account_id: AccountId) -> BillingAccount:
    """D18: the signed-in client's account; another client's reads as missing."""
    account = await uow.accounts.get(actor.client_id, account_id)
    if account is None:
        raise NotFound("billingAccountId")
    return account


async def invoice_order(
    uow: UnitOfWork,
    actor: Actor,
    account_id: AccountId,
    period_text: str,
    now: datetime,
    allowed: Callable[[BillingPeriod, datetime], None],
) -> tuple[BillingAccount, BillingPeriod]:
    """D2, D18: the account, then the formation window, then the period and its own rule."""
    account = await require_account(uow, actor, account_id)
    periods.ensure_outside_formation_window(now)
    period = BillingPeriod.parse(period_text)
    allowed(period, now)
    return account, period


async def render_invoice(
    renderer: InvoiceRenderer,
    calls: CallRepository,
    document: InvoiceDocument,
    fmt: DownloadFormat,
    path: Path,
) -> None:
    """D8, D10: one file of a formed invoice; the breakdown streams the call detail."""
    loop = asyncio.get_running_loop()
    invoice = document.invoice

    def call_detail() -> Iterator[CallRecord]:
        # The renderer runs in a thread; pull the detail from the loop chunk by chunk.
        after = CallId(0)
        while True:
            rows = asyncio.run_coroutine_threadsafe(
                calls.chunk(
                    invoice.account_id,
                    invoice.period.starts_at,
                    invoice.period.ends_at,
                    after,
                    CALL_CHUNK,
                ),
                loop,
            ).result()
            for _, record in rows:
                yield record
            if len(rows) < CALL_CHUNK:
                return
            after = rows[-1][0]

    def work() -> None:
        with path.open("wb") as out:
            if fmt is DownloadFormat.PDF:
                renderer.pdf(document, out)
            elif fmt is DownloadFormat.XLSX:
                renderer.workbook(document, out, None)
            else:
                renderer.workbook(document, out, call_detail())

    await asyncio.to_thread(work)
