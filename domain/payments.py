"""Payments and the administrator's unconfirmed payment (D12).

Decisions the rule leaves open, fixed here:
- The amount is BYN with at most two decimal places (100.10 and 100.100 are the same
  amount; 100.105 is refused) and at most MAX_AMOUNT.
- The payment date may be today or up to 30 days back: on 2026-11-24 the earliest
  accepted date is 2026-10-25. "Today" is the Minsk date of the clock (D0).
- The document number is trimmed, 1..64 characters, with no control characters.
- The bank is optional (blank means none), trimmed, at most 255 characters.
- A duplicate is the same document number (as stored, after trimming) and the same
  date, among all the client's payments, confirmed or not.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from domain.errors import DomainError, ErrorCode
from domain.ids import PaymentId
from domain.money import KOPECK, money

MAX_AMOUNT = Decimal("99999999.99")
MAX_AGE_DAYS = 30
DOCUMENT_NUMBER_MAX = 64
BANK_MAX = 255


@dataclass(frozen=True)
class Payment:
    """A payment in the client's history, confirmed by the bank or not yet (D12)."""

    id: PaymentId
    paid_on: date
    amount: Decimal
    document_number: str
    bank: str | None
    confirmed: bool


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in text)


def _amount(value: Decimal) -> Decimal:
    """D12: amount > 0, two decimal places at most, not above MAX_AMOUNT."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise DomainError(ErrorCode.INVALID_AMOUNT, "Укажите сумму платежа числом.", "amount")
    if value <= 0:
        raise DomainError(
            ErrorCode.INVALID_AMOUNT, "Сумма платежа должна быть больше нуля.", "amount"
        )
    if value > MAX_AMOUNT:
        raise DomainError(
            ErrorCode.INVALID_AMOUNT,
            f"Сумма платежа не может превышать {MAX_AMOUNT} BYN.",
            "amount",
        )
    if value != value.quantize(KOPECK):
        raise DomainError(
            ErrorCode.INVALID_AMOUNT,
            "Сумма платежа указывается в рублях с точностью до копейки (не более двух "
            "знаков после запятой).",
            "amount",
        )
    return money(value)


def _paid_on(value: date, today: date) -> date:
    """D12: not in the future, not older than 30 days."""
    if value > today:
        raise DomainError(
            ErrorCode.INVALID_DATE, "Дата платежа не может быть позже сегодняшней.", "paidOn"
        )
    earliest = today - timedelta(days=MAX_AGE_DAYS)
    if value < earliest:
        raise DomainError(
            ErrorCode.INVALID_DATE,
            f"Неподтвержденный платеж можно зарегистрировать не позднее {MAX_AGE_DAYS} дней "
            f"с даты оплаты: укажите дату не ранее {earliest:%d.%m.%Y}.",
            "paidOn",
        )
    return value


def _document_number(value: str) -> str:
    """D12: the payment document number, trimmed, 1..64 characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise DomainError(
            ErrorCode.INVALID_DOCUMENT_NUMBER,
            "Укажите номер платежного документа.",
            "documentNumber",
        )
    if len(text) > DOCUMENT_NUMBER_MAX:
        raise DomainError(
            ErrorCode.INVALID_DOCUMENT_NUMBER,
            f"Номер платежного документа — не более {DOCUMENT_NUMBER_MAX} символов.",
            "documentNumber",
        )
    if _has_control(text):
        raise DomainError(
            ErrorCode.INVALID_DOCUMENT_NUMBER,
            "Номер платежного документа содержит недопустимые символы.",
            "documentNumber",
        )
    return text


def _bank(value: str | None) -> str | None:
    """D12: the payer's bank, optional."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    if len(text) > BANK_MAX:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            f"Название банка — не более {BANK_MAX} символов.",
            "bank",
        )
    if _has_control(text):
        raise DomainError(
            ErrorCode.INVALID_INPUT, "Название банка содержит недопустимые символы.", "bank"
        )
    return text


@dataclass(frozen=True)
class UnconfirmedPayment:
    """D12: a payment the administrator registers before the bank confirms it."""

    amount: Decimal
    paid_on: date
    document_number: str
    bank: str | None

    @classmethod
    def create(
        cls,
        amount: Decimal,
        paid_on: date,
        document_number: str,
        bank: str | None,
        today: date,
    ) -> UnconfirmedPayment:
        """D12: validate the administrator's input; the first refusal wins."""
        return cls(
            amount=_amount(amount),
            paid_on=_paid_on(paid_on, today),
            document_number=_document_number(document_number),
            bank=_bank(bank),
        )

    def duplicates(self, existing: Payment) -> bool:
        """D12: the same document number and date as a payment already registered."""
        return existing.document_number == self.document_number and existing.paid_on == self.paid_on


def duplicate_payment_error() -> DomainError:
    """D12: the refusal when the same document number and date are registered twice."""
    return DomainError(
        ErrorCode.DUPLICATE_PAYMENT,
        "Платеж с таким номером платежного документа и датой уже зарегистрирован.",
        "documentNumber",
    )
