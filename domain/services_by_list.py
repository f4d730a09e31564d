"""Adding or removing an additional service for a list of subscribers (D14).

`tariff_allows` means the subscriber's tariff allows the requested action (adding the
service, or removing it when the tariff makes it compulsory). A subscriber already in the
wanted state gets ALREADY even when the tariff would not allow the action. Numbers are
normalized as for renaming (D13); a number given again is refused on the later line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError, ErrorCode
from domain.periods import BillingPeriod, to_minsk
from domain.renaming import ensure_list_size, normalize_number

HISTORY_PREVIOUS_MONTHS = 2


class ServiceAction(StrEnum):
    """D14: what to do with the service for every subscriber of the list."""

    ADD = "ADD"
    REMOVE = "REMOVE"

    @property
    def label(self) -> str:
        return "подключение" if self is ServiceAction.ADD else "отключение"


class ServiceOutcome(StrEnum):
    """D14: the result for one subscriber of the list."""

    DONE = "DONE"
    ALREADY = "ALREADY"
    NOT_ALLOWED = "NOT_ALLOWED"
    UNKNOWN_NUMBER = "UNKNOWN_NUMBER"

    @property
    def ok(self) -> bool:
        """The subscriber ends in the wanted state."""
        return self in (ServiceOutcome.DONE, ServiceOutcome.ALREADY)

    def label(self, action: ServiceAction) -> str:
        """The Russian words shown in the line's result."""
        if self is ServiceOutcome.ALREADY:
            return "уже подключена" if action is ServiceAction.ADD else "уже отключена"
        return {
            ServiceOutcome.DONE: "выполнено",
            ServiceOutcome.NOT_ALLOWED: "не разрешена на тарифе",
            ServiceOutcome.UNKNOWN_NUMBER: "неизвестный номер",
        }[self]

    def error(self, action: ServiceAction, field: str | None = None) -> DomainError | None:
        """The line's UserError, or None when the subscriber ends in the wanted state."""
        if self is ServiceOutcome.NOT_ALLOWED:
            verb = "Подключение" if action is ServiceAction.ADD else "Отключение"
            return DomainError(
                ErrorCode.SERVICE_NOT_ALLOWED,
                f"{verb} услуги не разрешено на тарифе абонента.",
                field,
            )
        if self is ServiceOutcome.UNKNOWN_NUMBER:
            return DomainError(
                ErrorCode.UNKNOWN_SUBSCRIBER,
                "Неизвестный номер: абонент не найден среди абонентов клиента.",
                field,
            )
        return None


def decide(action: ServiceAction, has_service: bool, tariff_allows: bool) -> ServiceOutcome:
    """D14: the outcome for a known subscriber."""
    wanted = action is ServiceAction.ADD
    if has_service == wanted:
        return ServiceOutcome.ALREADY
    if not tariff_allows:
        return ServiceOutcome.NOT_ALLOWED
    return ServiceOutcome.DONE


def history_window(now: datetime) -> tuple[datetime, datetime]:
    """D14: requests of the current and the two previous months: [start, now]."""
    start = BillingPeriod.containing(now).shift(-HISTORY_PREVIOUS_MONTHS).starts_at
    return start, now


def in_history_window(created_at: datetime, now: datetime) -> bool:
    """D14: whether a request is shown in the history."""
    start, end = history_window(now)
    return start <= to_minsk(created_at) <= end


@dataclass(frozen=True)
class NumberCheck:
    """D14: one line of the list: the normalized number, or its refusal."""

    position: int
    number: str  # as given
    normalized: str | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_numbers(numbers: Sequence[str], field: str = "numbers") -> list[NumberCheck]:
    """D14: 1..10,000 numbers, each normalized; a repeated number is refused."""
    ensure_list_size(len(numbers), field)
    first_position: dict[str, int] = {}
    checks: list[NumberCheck] = []
    for position, raw in enumerate(numbers):
        line_field = f"{field}.{position}"
        try:
            number = normalize_number(raw, line_field)
        except DomainError as refusal:
            checks.append(NumberCheck(position, str(raw), error=refusal))
            continue
        if number in first_position:
            duplicate = DomainError(
                ErrorCode.DUPLICATE_NUMBER,
                f"Номер {number} уже указан в строке {first_position[number] + 1}.",
                line_field,
            )
            checks.append(NumberCheck(position, raw, error=duplicate))
            continue
        first_position[number] = position
        checks.append(NumberCheck(position, raw, normalized=number))
    return checks
