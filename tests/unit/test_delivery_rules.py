"""Pure delivery rules: versions (D5, D6), the first period reached (D5), attachments (D8)."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.delivery import (
    DeliveryMethod,
    DeliverySettings,
    InvoiceFormat,
    applies_from_period,
    in_force_at,
    next_version,
)
from domain.documents import DownloadFormat
from domain.errors import DomainError, ErrorCode
from domain.ids import ClientId, DeliverySettingsId, InvoiceId, JobId
from domain.job_store import JobStatus
from domain.mail import (
    DeliveryKind,
    InvoiceEmail,
    MailMessage,
    RecipientResult,
    RecipientStatus,
    attachments_for,
    invoice_body,
    invoice_subject,
    one_line,
)
from domain.periods import MINSK, BillingPeriod
from domain.recipients import RecipientList

T0 = datetime(2026, 11, 24, 12, tzinfo=MINSK)
EMAIL, PICKUP = DeliveryMethod.EMAIL, DeliveryMethod.SELF_PICKUP


def version(
    method: DeliveryMethod = EMAIL, emails: tuple[str, ...] = ("a@x.by",)
) -> DeliverySettings:
    return DeliverySettings(
        method, RecipientList(emails), InvoiceFormat.PDF, T0, "demo", DeliverySettingsId(1)
    )


def test_d5_a_new_version_carries_over_what_is_not_changed() -> None:
    new = next_version(version(), T0, "demo", format=InvoiceFormat.EXCEL)
    assert (new.method, new.emails.addresses, new.format, new.valid_from) == (
        EMAIL,
        ("a@x.by",),
        InvoiceFormat.EXCEL,
        T0,
    )
    assert new.changed_by == "demo" and new.id is None


def test_d6_switching_to_email_without_any_address_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        next_version(version(PICKUP, ()), T0, "demo", method=EMAIL)
    assert (refused.value.code, refused.value.field) == (
        ErrorCode.EMAIL_REQUIRED_FOR_METHOD,
        "emails",
    )
    with pytest.raises(DomainError):
        next_version(None, T0, "demo", method=EMAIL)


def test_d6_email_with_addresses_given_in_the_same_step() -> None:
    new = next_version(
        version(PICKUP, ()), T0, "demo", method=EMAIL, emails=RecipientList.parse("b@x.by")
    )
    assert (new.method, new.emails.addresses) == (EMAIL, ("b@x.by",))


def test_d6_self_pickup_keeps_the_addresses() -> None:
    new = next_version(version(), T0, "demo", method=PICKUP)
    assert new.emails.addresses == ("a@x.by",) and not new.sends_email


def test_d5_the_latest_version_by_then_is_in_force() -> None:
    starts = [(1, 0), (30, 23), (1, 3)]
    months = [11, 11, 12]
    history = [
        DeliverySettings(
            EMAIL,
            RecipientList((f"{name}@x.by",)),
            InvoiceFormat.PDF,
            datetime(2026, month, day, hour, tzinfo=MINSK),
            id=DeliverySettingsId(i),
        )
        for i, (name, month, (day, hour)) in enumerate(zip("abc", months, starts, strict=True), 1)
    ]
    formation = datetime(2026, 12, 1, 2, tzinfo=MINSK)
    found = in_force_at(history, formation)
    assert found is not None and found.emails.addresses == ("b@x.by",)


@pytest.mark.parametrize(
    ("at", "formed", "period"),
    [
        (datetime(2026, 11, 24, 12, tzinfo=MINSK), True, "2026-11"),
        (datetime(2026, 12, 1, 0, 30, tzinfo=MINSK), False, "2026-11"),
        (datetime(2026, 12, 2, 10, tzinfo=MINSK), True, "2026-12"),
        (datetime(2026, 12, 2, 10, tzinfo=MINSK), False, "2026-11"),  # the run is late
        (datetime(2027, 1, 1, 0, 0, tzinfo=MINSK), False, "2026-12"),
    ],
)
def test_d5_a_change_applies_from_the_first_invoice_formed_after_it(
    at: datetime, formed: bool, period: str
) -> None:
    assert str(applies_from_period(at, formed)) == period


def test_d8_attachments_by_format() -> None:
    assert attachments_for(InvoiceFormat.PDF) == (DownloadFormat.PDF,)
    assert attachments_for(InvoiceFormat.EXCEL) == (DownloadFormat.PDF, DownloadFormat.XLSX)
    assert attachments_for(InvoiceFormat.EXCEL_BREAKDOWN) == (
        DownloadFormat.PDF,
        DownloadFormat.XLSX_BREAKDOWN,
    )


def test_d4_a_retry_mails_only_addresses_without_a_final_result() -> None:
    email = InvoiceEmail(
        id=JobId(1),
        client_id=ClientId(1),
        invoice_id=InvoiceId(1),
        kind=DeliveryKind.REPEAT,
        emails=RecipientList(("a@x.by", "b@x.by", "c@x.by", "d@x.by")),
        format=InvoiceFormat.PDF,
        status=JobStatus.RUNNING,
        idempotency_key="REPEAT:1:k",
        created_at=T0,
        results={
            "a@x.by": RecipientResult("a@x.by", RecipientStatus.SENT),
            "b@x.by": RecipientResult("b@x.by", RecipientStatus.REFUSED),
            "c@x.by": RecipientResult("c@x.by", RecipientStatus.PENDING),
        },
    )
    assert email.pending == ("c@x.by", "d@x.by")


def test_d4_subject_and_body_name_client_account_and_period() -> None:
    period = BillingPeriod(2026, 10)
    subject = invoice_subject('ООО "Белтехноснаб"', "3012000001", period)
    assert subject == (
        'Счёт за услуги связи за октябрь 2026 г., лицевой счёт 3012000001, ООО "Белтехноснаб"'
    )
    body = invoice_body('ООО "Белтехноснаб"', "3012000001", period, "СЧ-1", DeliveryKind.REPEAT,
                        InvoiceFormat.EXCEL_BREAKDOWN)  # fmt: skip
    assert "повторно" in body and "3012000001" in body and "разбивкой" in body


def test_d7_header_text_never_carries_line_breaks() -> None:
    assert one_line("ООО\r\nBcc: x@evil.by\u2028ок") == "ООО Bcc: x@evil.by ок"


def test_d4_the_same_sending_has_the_same_message_id() -> None:
    first = MailMessage(RecipientList.parse("a@x.by"), "s", "b", (), "REPEAT:5:k")
    again = MailMessage(RecipientList.parse("a@x.by;b@x.by"), "s2", "b2", (), "REPEAT:5:k")
    other = MailMessage(RecipientList.parse("a@x.by"), "s", "b", (), "REPEAT:5:j")
    assert first.message_id_local == again.message_id_local != other.message_id_local
