"""changeDeliveryMethod, changeDeliveryEmails, changeInvoiceFormat (D5–D8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from domain.errors import DomainError, NotFound
from domain.services.delivery_settings import DeliveryChange
from schema.context import Info
from schema.errors import UserError, user_error
from schema.ids import decode_id
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


async def _payload(
    info: Info, raw_id: strawberry.ID, change: Callable[[int], Awaitable[DeliveryChange]]
) -> DeliverySettingsPayload:
    info.context.require_actor()
    try:
        pk = decode_id(str(raw_id), "BillingAccount")
        if pk is None:
            raise NotFound("billingAccountId")
        done = await change(pk)
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
        actor = info.context.require_actor()
        service = info.context.container.delivery.settings
        return await _payload(
            info,
            input.billing_account_id,
            lambda pk: service.change_method(actor, pk, input.method, input.emails),
        )

    @strawberry.mutation(description="D7: the invoice recipients; a new version of the settings.")
    async def change_delivery_emails(
        self, info: Info, input: ChangeDeliveryEmailsInput
    ) -> DeliverySettingsPayload:
        actor = info.context.require_actor()
        service = info.context.container.delivery.settings
        return await _payload(
            info,
            input.billing_account_id,
            lambda pk: service.change_emails(actor, pk, input.emails),
        )

    @strawberry.mutation(description="D8: PDF, or PDF plus Excel (with breakdown).")
    async def change_invoice_format(
        self, info: Info, input: ChangeInvoiceFormatInput
    ) -> DeliverySettingsPayload:
        actor = info.context.require_actor()
        service = info.context.container.delivery.settings
        return await _payload(
            info,
            input.billing_account_id,
            lambda pk: service.change_format(actor, pk, input.format),
        )
