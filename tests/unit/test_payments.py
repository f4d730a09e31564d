"""D12: registering an unconfirmed payment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.ids import PaymentId
from domain.payments import (
    MAX_AMOUNT,
    Payment,
    UnconfirmedPayment,
    duplicate_payment_error,
)

TODAY = date(2026, 11, 24)


def register(
    amount: Decimal = Decimal("150.00"),
    paid_on: date = TODAY,
    document_number: str = "1234",
    bank: str | None = "ОАО «АСБ Беларусбанк»",
) -> UnconfirmedPayment:
    return UnconfirmedPayment.create(amount, paid_on, document_number, bank, today=TODAY)


def refusal(**kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        register(**kwargs)  # type: ignore[arg-type]
    return caught.value


def test_d12_registers_a_valid_payment() -> None:
    payment = register(Decimal("150.5"), TODAY - timedelta(days=3), " 000123 ", " Приорбанк ")
    assert payment == UnconfirmedPayment(
        amount=Decimal("150.50"),
        paid_on=date(2026, 11, 21),
        document_number="000123",
        bank="Приорбанк",
    )
    assert str(payment.amount) == "150.50"


@pytest.mark.parametrize("amount", ["0", "0.00", "-0.01", "-100", "-0"])
def test_d12_rejects_amount_not_above_zero(amount: str) -> None:
    error = refusal(amount=Decimal(amount))
    assert error.code is ErrorCode.INVALID_AMOUNT
    assert error.field == "amount"
    assert "больше нуля" in error.message


@pytest.mark.parametrize("amount", ["0.001", "10.005", "1E-3", "100.999"])
def test_d12_rejects_fractions_of_a_kopeck(amount: str) -> None:
    error = refusal(amount=Decimal(amount))
    assert error.code is ErrorCode.INVALID_AMOUNT
    assert error.field == "amount"


@pytest.mark.parametrize("amount", ["100.100", "100.1000", "1E+2", "0.01"])
def test_d12_accepts_trailing_zeros_as_two_places(amount: str) -> None:
    assert register(amount=Decimal(amount)).amount == Decimal(amount).quantize(Decimal("0.01"))


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_d12_rejects_non_numbers(amount: str) -> None:
    assert refusal(amount=Decimal(amount)).code is ErrorCode.INVALID_AMOUNT


def test_d12_amount_limit_is_inclusive() -> None:
    assert register(amount=MAX_AMOUNT).amount == MAX_AMOUNT
    error = refusal(amount=MAX_AMOUNT + Decimal("0.01"))
    assert error.code is ErrorCode.INVALID_AMOUNT
    assert refusal(amount=Decimal("1E+30")).code is ErrorCode.INVALID_AMOUNT


@given(st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2))
def test_d12_any_positive_kopeck_amount_is_kept_exactly(amount: Decimal) -> None:
    registered = register(amount=amount)
    assert registered.amount == amount
    assert registered.amount.as_tuple().exponent == -2


def test_d12_accepts_today_and_30_days_back() -> None:
    assert register(paid_on=TODAY).paid_on == TODAY
    assert register(paid_on=date(2026, 10, 25)).paid_on == date(2026, 10, 25)


def test_d12_rejects_a_future_date() -> None:
    error = refusal(paid_on=TODAY + timedelta(days=1))
    assert error.code is ErrorCode.INVALID_DATE
    assert error.field == "paidOn"


def test_d12_rejects_a_date_older_than_30_days() -> None:
    error = refusal(paid_on=date(2026, 10, 24))
    assert error.code is ErrorCode.INVALID_DATE
    assert error.field == "paidOn"
    assert "25.10.2026" in error.message


@given(st.integers(min_value=-400, max_value=400))
def test_d12_date_window_is_today_and_the_30_days_before(offset: int) -> None:
    paid_on = TODAY + timedelta(days=offset)
    if -30 <= offset <= 0:
        assert register(paid_on=paid_on).paid_on == paid_on
    else:
        assert refusal(paid_on=paid_on).code is ErrorCode.INVALID_DATE


@pytest.mark.parametrize("number", ["", "   ", "\t"])
def test_d12_requires_a_document_number(number: str) -> None:
    error = refusal(document_number=number)
    assert error.code is ErrorCode.INVALID_DOCUMENT_NUMBER
    assert error.field == "documentNumber"


def test_d12_document_number_at_most_64_characters() -> None:
    assert register(document_number="7" * 64).document_number == "7" * 64
    error = refusal(document_number="7" * 65)
    assert error.code is ErrorCode.INVALID_DOCUMENT_NUMBER
    assert "64" in error.message


@pytest.mark.parametrize("number", ["12\n34", "12\x0034", "12\u202e34", "12\r34"])
def test_d12_document_number_without_control_characters(number: str) -> None:
    assert refusal(document_number=number).code is ErrorCode.INVALID_DOCUMENT_NUMBER


@pytest.mark.parametrize("bank", [None, "", "   "])
def test_d12_bank_is_optional(bank: str | None) -> None:
    assert register(bank=bank).bank is None


def test_d12_bank_at_most_255_characters_without_controls() -> None:
    assert register(bank="Б" * 255).bank == "Б" * 255
    too_long = refusal(bank="Б" * 256)
    assert (too_long.code, too_long.field) == (ErrorCode.INVALID_INPUT, "bank")
    assert refusal(bank="Банк\nBcc").code is ErrorCode.INVALID_INPUT


def test_d12_first_refusal_is_the_amount() -> None:
    error = refusal(amount=Decimal("0"), paid_on=TODAY + timedelta(days=5), document_number="")
    assert error.field == "amount"


def test_d12_duplicate_is_same_document_number_and_date() -> None:
    registered = register(document_number="555", paid_on=date(2026, 11, 20))
    same = Payment(PaymentId(1), date(2026, 11, 20), Decimal("1.00"), "555", None, confirmed=True)
    other_day = Payment(
        PaymentId(2), date(2026, 11, 21), Decimal("150.00"), "555", None, confirmed=False
    )
    other_number = Payment(PaymentId(3), date(2026, 11, 20), Decimal("150.00"), "556", None, False)
    assert registered.duplicates(same)
    assert not registered.duplicates(other_day)
    assert not registered.duplicates(other_number)


def test_d12_duplicate_payment_error() -> None:
    error = duplicate_payment_error()
    assert error.code is ErrorCode.DUPLICATE_PAYMENT
    assert error.field == "documentNumber"
    assert "уже зарегистрирован" in error.message
