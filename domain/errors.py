"""Expected refusals: a stable code, the input it concerns, a Russian message."""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORMATION_WINDOW = "FORMATION_WINDOW"
    CURRENT_PERIOD = "CURRENT_PERIOD"
    PERIOD_NOT_AVAILABLE = "PERIOD_NOT_AVAILABLE"
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    NO_EMAIL_ADDRESS = "NO_EMAIL_ADDRESS"
    EMAILS_REQUIRED = "EMAILS_REQUIRED"
    EMAILS_TOO_LONG = "EMAILS_TOO_LONG"
    EMAILS_CONTAIN_SPACES = "EMAILS_CONTAIN_SPACES"
    INVALID_EMAIL = "INVALID_EMAIL"
    DUPLICATE_EMAIL = "DUPLICATE_EMAIL"
    INVALID_PERIOD = "INVALID_PERIOD"
    RENAME_MONTH_END = "RENAME_MONTH_END"
    INVALID_NAME = "INVALID_NAME"
    UNKNOWN_SUBSCRIBER = "UNKNOWN_SUBSCRIBER"
    UNKNOWN_SERVICE = "UNKNOWN_SERVICE"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_DATE = "INVALID_DATE"
    DUPLICATE_PAYMENT = "DUPLICATE_PAYMENT"
    LIST_TOO_LONG = "LIST_TOO_LONG"
    INVALID_FILE = "INVALID_FILE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    INVALID_INPUT = "INVALID_INPUT"
    EMAIL_REQUIRED_FOR_METHOD = "EMAIL_REQUIRED_FOR_METHOD"
    SERVICE_NOT_ALLOWED = "SERVICE_NOT_ALLOWED"
    ALREADY_DONE = "ALREADY_DONE"
    DOCUMENT_FAILED = "DOCUMENT_FAILED"
    INVALID_UNP = "INVALID_UNP"
    INVALID_IBAN = "INVALID_IBAN"
    INVALID_BIC = "INVALID_BIC"
    INVALID_NUMBER = "INVALID_NUMBER"
    DUPLICATE_NUMBER = "DUPLICATE_NUMBER"
    INVALID_DOCUMENT_NUMBER = "INVALID_DOCUMENT_NUMBER"
    LIST_EMPTY = "LIST_EMPTY"
    LIST_HAS_ERRORS = "LIST_HAS_ERRORS"
    TICKET_CLOSED = "TICKET_CLOSED"


class DomainError(Exception):
    """An expected refusal of a rule; becomes a UserError at the API edge."""

    # Not a frozen dataclass: contextlib sets __traceback__ on exceptions passing through.
    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(code, message, field)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DomainError) and (self.code, self.message, self.field) == (
            other.code,
            other.message,
            other.field,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.message, self.field))


class NotFound(DomainError):
    """The object does not exist or belongs to another client (D18)."""

    def __init__(self, field: str | None = None) -> None:
        super().__init__(ErrorCode.NOT_FOUND, "Объект не найден.", field)


def invoice_not_found() -> DomainError:
    """D3, D4: no invoice is formed for the asked period (a download or a repeat)."""
    return DomainError(
        ErrorCode.INVOICE_NOT_FOUND,
        "Счёт за этот период не сформирован.",
        "period",
    )


def no_email_address() -> DomainError:
    """D4, D9: nowhere to send by e-mail."""
    return DomainError(
        ErrorCode.NO_EMAIL_ADDRESS,
        "Для лицевого счёта не указан адрес электронной почты. Укажите его в разделе "
        "«Изменить способ/адрес доставки».",
        "billingAccountId",
    )
