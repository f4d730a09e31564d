"""DeliverySettingsService on fakes: dated versions, never overwritten (D5–D8, D18)."""

from __future__ import annotations

import pytest

from domain.delivery import DeliveryMethod, InvoiceFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import AccountId
from domain.periods import BillingPeriod
from domain.use_cases.delivery_settings import DeliverySettingsService
from tests.unit.use_cases.world import ME, NOW, World, minsk


def service(world: World) -> DeliverySettingsService:
    return DeliverySettingsService(world.uow, world.audit, world.clock)


async def test_d5_change_adds_a_version_and_keeps_the_old(world: World) -> None:
    change = await service(world).change_emails(ME, AccountId(11), "x@romashka.by;y@romashka.by")
    versions = world.uow.delivery.versions[11]
    assert [v.emails.addresses for v in versions] == [
        ("a@romashka.by",),
        ("x@romashka.by", "y@romashka.by"),
    ]
    assert (change.settings.valid_from, change.settings.changed_by) == (NOW, "demo")
    assert change.settings.method is DeliveryMethod.EMAIL  # carried over
    record = world.audit.records[0]
    assert (record.action, record.target) == ("changeDeliveryEmails", "100011")
    assert record.before == {"method": "EMAIL", "emails": ["a@romashka.by"], "format": "PDF"}


async def test_d5_change_after_formation_reaches_the_current_period(world: World) -> None:
    change = await service(world).change_format(ME, AccountId(11), InvoiceFormat.EXCEL)
    assert change.applies_from == BillingPeriod.parse("2026-11")


async def test_d5_change_before_formation_still_catches_the_closed_period(world: World) -> None:
    world.clock.set(minsk(2026, 12, 1, 1))  # November not formed yet for account 11
    change = await service(world).change_format(ME, AccountId(11), InvoiceFormat.EXCEL)
    assert change.applies_from == BillingPeriod.parse("2026-11")


async def test_d5_new_account_change_reaches_its_first_period(world: World) -> None:
    change = await service(world).change_method(
        ME, AccountId(12), DeliveryMethod.EMAIL, "n@romashka.by"
    )
    assert change.applies_from == BillingPeriod.parse("2026-11")


async def test_d6_email_method_without_an_address_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).change_method(ME, AccountId(12), DeliveryMethod.EMAIL)
    assert refused.value.code is ErrorCode.EMAIL_REQUIRED_FOR_METHOD
    assert 12 not in world.uow.delivery.versions and world.audit.records == []


async def test_d6_email_method_uses_the_address_already_set(world: World) -> None:
    await service(world).change_method(ME, AccountId(11), DeliveryMethod.SELF_PICKUP)
    change = await service(world).change_method(ME, AccountId(11), DeliveryMethod.EMAIL)
    assert change.settings.emails.addresses == ("a@romashka.by",)
    assert len(world.uow.delivery.versions[11]) == 3


@pytest.mark.parametrize(
    ("emails", "code"),
    [
        ("", ErrorCode.EMAILS_REQUIRED),
        ("a@x.by; b@x.by", ErrorCode.EMAILS_CONTAIN_SPACES),
        ("a@x.by;A@x.by", ErrorCode.DUPLICATE_EMAIL),
        ("a@x.by;nope", ErrorCode.INVALID_EMAIL),
        (";".join(f"user{i}@romashka.by" for i in range(12)), ErrorCode.EMAILS_TOO_LONG),
    ],
)
async def test_d7_refused_recipients_change_nothing(
    world: World, emails: str, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).change_emails(ME, AccountId(11), emails)
    assert refused.value.code is code
    assert len(world.uow.delivery.versions[11]) == 1 and world.audit.records == []


async def test_d8_format_change_keeps_method_and_addresses(world: World) -> None:
    change = await service(world).change_format(ME, AccountId(11), InvoiceFormat.EXCEL_BREAKDOWN)
    assert (change.settings.method, change.settings.emails.addresses, change.settings.format) == (
        DeliveryMethod.EMAIL,
        ("a@romashka.by",),
        InvoiceFormat.EXCEL_BREAKDOWN,
    )


async def test_d18_other_clients_account_is_not_found(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        await service(world).change_format(ME, AccountId(21), InvoiceFormat.EXCEL)
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert 21 not in world.uow.delivery.versions and world.audit.records == []


async def test_d5_failed_commit_leaves_neither_version_nor_audit(world: World) -> None:
    world.uow.fail_next_commit = RuntimeError("database went away")
    with pytest.raises(RuntimeError):
        await service(world).change_format(ME, AccountId(11), InvoiceFormat.EXCEL)
    assert len(world.uow.delivery.versions[11]) == 1 and world.audit.records == []
