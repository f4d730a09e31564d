"""changeDeliveryMethod, changeDeliveryEmails, changeInvoiceFormat (D5–D8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from domain.auth import Actor
from domain.errors import DomainError
from domain.ids import AccountId
from domain.use_cases.delivery_settings import DeliveryChange, DeliverySettingsService
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import account_pk
from schema.types import DeliveryMethod, DeliverySettings, InvoiceFormat


@strawberry.input
class ChangeDeliveryMethodInput:
    billing_account_id: strawberry.ID
    method: DeliveryMethod
    emails: str | None = strawberry.field(
        default=None,
        description='D6: addresses to set in the same step, "a@x.by;b@y.by" (D7).',
    )


@strawberry.input
class ChangeDeliveryEmailsInput:
    billing_account_id: strawberry.ID
    emails: str = strawberry.field(
        description='D7: addresses separated by ";" with no spaces, at most 200 characters.'
    )


@strawberry.input
class ChangeInvoiceFormatInput:
    billing_account_id: strawberry.ID
    format: InvoiceFormat


@strawberry.type
class DeliverySettingsPayload:
    delivery: DeliverySettings | None
    applies_from_period: str | None = strawberry.field(
        description="D5: the first invoice period the new settings reach (YYYY-MM)."
    )
    errors: list[UserError]


Change = Callable[[DeliverySettingsService, Actor, AccountId], Awaitable[DeliveryChange]]


async def _payload(info: Info, raw_id: strawberry.ID, change: Change) -> DeliverySettingsPayload:
    actor = info.context.require_actor()
    try:
        done = await change(info.context.container.delivery.settings, actor, account_pk(raw_id))
    except DomainError as error:
        return DeliverySettingsPayload(
            delivery=None, applies_from_period=None, errors=[user_error(error)]
        )
    return DeliverySettingsPayload(
        delivery=DeliverySettings.of(done.settings),
        applies_from_period=str(done.applies_from),
        errors=[],
    )


@strawberry.type
class DeliveryMutation:
    @strawberry.mutation(description="D6: e-mail or self-pickup; a new version of the settings.")
    async def change_delivery_method(
        self, info: Info, input: ChangeDeliveryMethodInput
    ) -> DeliverySettingsPayload:
        return await _payload(
            info,
            input.billing_account_id,
            lambda service, actor, pk: service.change_method(actor, pk, input.method, input.emails),
        )

    @strawberry.mutation(description="D7: the invoice recipients; a new version of the settings.")
    async def change_delivery_emails(
        self, info: Info, input: ChangeDeliveryEmailsInput
    ) -> DeliverySettingsPayload:
        return await _payload(
            info,
            input.billing_account_id,
            lambda service, actor, pk: service.change_emails(actor, pk, input.emails),
        )

    @strawberry.mutation(description="D8: PDF, or PDF plus Excel (with breakdown).")
    async def change_invoice_format(
        self, info: Info, input: ChangeInvoiceFormatInput
    ) -> DeliverySettingsPayload:
        return await _payload(
            info,
            input.billing_account_id,
            lambda service, actor, pk: service.change_format(actor, pk, input.format),
        )
