"""Changing how invoices are delivered: each change a new effective-dated version (D5–D8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import delivery
from domain.accounts import BillingAccount
from domain.auth import Actor
from domain.delivery import DeliveryMethod, DeliverySettings, InvoiceFormat
from domain.ids import AccountId
from domain.periods import BillingPeriod, current_period
from domain.ports import AuditLog, Clock, UnitOfWork
from domain.recipients import RecipientList
from domain.use_cases._common import require_account


@dataclass(frozen=True)
class DeliveryChange:
    """The version now in force and the first invoice period it reaches (D5)."""

    settings: DeliverySettings
    applies_from: BillingPeriod


def _snapshot(settings: DeliverySettings | None) -> dict[str, Any] | None:
    if settings is None:
        return None
    return {
        "method": settings.method.value,
        "emails": list(settings.emails),
        "format": settings.format.value,
    }


class DeliverySettingsService:
    """D5–D8: nothing is overwritten; a refused change changes nothing."""

    def __init__(self, uow: UnitOfWork, audit: AuditLog, clock: Clock) -> None:
        self._uow = uow
        self._audit = audit
        self._clock = clock

    async def change_method(
        self, actor: Actor, account_id: AccountId, method: DeliveryMethod, emails: str | None = None
    ) -> DeliveryChange:
        """D6: EMAIL or SELF_PICKUP; switching to EMAIL needs an address, set or given now."""
        account = await require_account(self._uow, actor, account_id)
        recipients = RecipientList.parse(emails) if emails is not None else None
        return await self._change(
            actor, account, "changeDeliveryMethod", method=method, emails=recipients
        )

    async def change_emails(
        self, actor: Actor, account_id: AccountId, emails: str
    ) -> DeliveryChange:
        """D7: the recipients, one text field checked whole."""
        account = await require_account(self._uow, actor, account_id)
        recipients = RecipientList.parse(emails)
        return await self._change(actor, account, "changeDeliveryEmails", emails=recipients)

    async def change_format(
        self, actor: Actor, account_id: AccountId, fmt: InvoiceFormat
    ) -> DeliveryChange:
        """D8: the PDF always, plus an optional workbook medium."""
        account = await require_account(self._uow, actor, account_id)
        return await self._change(actor, account, "changeInvoiceFormat", format=fmt)

    async def _change(
        self,
        actor: Actor,
        account: BillingAccount,
        action: str,
        *,
        method: DeliveryMethod | None = None,
        emails: RecipientList | None = None,
        format: InvoiceFormat | None = None,
    ) -> DeliveryChange:
        now = self._clock.now()
        async with self._uow.transaction():
            current = (await self._uow.delivery.in_force([account.id], now)).get(account.id)
            version = delivery.next_version(
                current, now, actor.login, method=method, emails=emails, format=format
            )
            saved = await self._uow.delivery.add(account.id, version)
            await self._audit.record(
                actor.client_id,
                actor.login,
                action,
                account.number,
                _snapshot(current),
                _snapshot(saved),
                now,
            )
            previous = current_period(now).previous()
            formed = (
                account.opened_on > previous.last_day
                or await self._uow.invoices.for_period(account.id, previous) is not None
            )
        return DeliveryChange(saved, delivery.applies_from_period(now, formed))
