"""The monthly run: form the invoices of a closed period and deliver them (D2, D5, D10, D13)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from domain import periods
from domain.accounts import BillingAccount
from domain.delivery import DeliverySettings
from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, InvoiceId
from domain.invoices import Invoice, compute_totals
from domain.mail import InvoiceEmail
from domain.money import money
from domain.periods import BillingPeriod
from domain.ports import ChargesSource, Clock, InvoiceFormationRepository, UnitOfWork

log = logging.getLogger("kabinet.monthly")


@dataclass(frozen=True)
class RunSummary:
    period: BillingPeriod
    formed: int
    queued: int
    skipped: int

    def __str__(self) -> str:
        return (
            f"Период {self.period}: сформировано счетов {self.formed}, "
            f"поставлено в отправку {self.queued}, уже были сформированы {self.skipped}."
        )


class RegularSending(Protocol):
    """D5: what the run needs of the e-mail use case (InvoiceEmailService has it)."""

    async def enqueue_regular(
        self, client_id: ClientId, invoice: Invoice, settings: DeliverySettings
    ) -> InvoiceEmail: ...


def invoice_number(period: BillingPeriod, account_number: str) -> str:
    return f"СЧ-{period}-{account_number}"


class MonthlyRun:
    """D5: each account's invoice of a closed period, frozen at formation and sent once."""

    def __init__(
        self,
        uow: UnitOfWork,
        formation: InvoiceFormationRepository,
        charges: ChargesSource,
        emails: RegularSending,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._formation = formation
        self._charges = charges
        self._emails = emails
        self._clock = clock

    async def form(self, period_text: str) -> RunSummary:
        """Form what is not formed yet; running it twice forms and sends nothing twice."""
        period = BillingPeriod.parse(period_text)
        now = self._clock.now()
        if not period.is_closed(now):
            raise DomainError(
                ErrorCode.PERIOD_NOT_AVAILABLE,
                f"Период {period} ещё не закрыт: счета формируются после его окончания.",
                "period",
            )
        formed = queued = skipped = 0
        for account in await self._formation.accounts_without_invoice(period):
            result = await self._form(account, period)
            if result is None:
                skipped += 1
                continue
            formed += 1
            queued += int(result)
        summary = RunSummary(period, formed, queued, skipped)
        log.info("%s", summary)
        return summary

    async def run_if_due(self) -> RunSummary | None:
        """The schedule: in days 1–3 (D2) form the period just closed if anything is left."""
        now = self._clock.now()
        if not periods.in_formation_window(now):
            return None
        period = periods.current_period(now).previous()
        if not await self._formation.accounts_without_invoice(period):
            return None
        return await self.form(str(period))

    async def _form(self, account: BillingAccount, period: BillingPeriod) -> bool | None:
        """True: formed and queued for e-mail; False: formed, nothing to send; None: skipped."""
        formed_at = self._clock.now()
        lines = await self._charges.lines(
            account.id, period.starts_at, period.ends_at, names_at=formed_at
        )
        async with self._uow.transaction():
            if await self._uow.invoices.for_period(account.id, period) is not None:
                return None
            fresh = await self._uow.accounts.get(account.client_id, account.id)
            balance = fresh.balance if fresh else account.balance
            previous = await self._formation.previous_closing(account.id, period)
            opening = previous if previous is not None else balance
            payments = max(money(balance - opening), Decimal("0.00"))
            totals = compute_totals(lines, opening, payments)
            settings = (await self._uow.delivery.in_force([account.id], formed_at)).get(account.id)
            sends = settings is not None and settings.sends_email
            invoice = await self._formation.add(
                Invoice(
                    id=InvoiceId(0),
                    account_id=account.id,
                    number=invoice_number(period, account.number),
                    period=period,
                    formed_at=formed_at,
                    opening_balance=opening,
                    payments=payments,
                    total=totals.net,
                    vat=totals.vat,
                    amount_due=totals.amount_due,
                    sent_to=settings.emails.addresses if settings and sends else (),
                    delivery_method=settings.method.value if settings else None,
                    lines=tuple(lines),
                ),
                settings.format if settings else None,
            )
            if invoice is None:
                return None
            await self._formation.set_balance(account.id, money(opening + payments - totals.gross))
            if settings is not None and sends:
                await self._emails.enqueue_regular(account.client_id, invoice, settings)
                return True
        return False
