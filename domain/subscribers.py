"""Subscribers, the catalogue of additional services, and finding subscribers (D14, D16).

Decisions fixed here:
- A search is trimmed and at most 64 characters; an empty one lists every subscriber.
- A search made of digits (with the usual separators and an optional +) of at least
  3 digits finds numbers containing those digits; any search also finds names that
  contain it, case-insensitively (Cyrillic included), with runs of spaces as one.
- «ё» and «е» are one letter for the search (people type «приемная» for «Приёмная»).
- A number in any spelling renaming accepts (8 025 128-47-06, 00375…, 375…) finds the
  subscriber; a fragment starting with the national 80 also finds +375… numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import DomainError, ErrorCode
from domain.ids import SubscriberId
from domain.renaming import COUNTRY_CODE, normalize_number

SEARCH_MAX_LENGTH = 64
_NUMBER_CHARS = frozenset("+0123456789 -().\u00a0")
MIN_NUMBER_DIGITS = 3
_YO = str.maketrans({"ё": "е"})  # after casefold, «Ё» is «ё»


def fold_text(text: str) -> str:
    """D16: how a name and a search compare: case, «ё»/«е» and runs of spaces ignored."""
    return " ".join(text.split()).casefold().translate(_YO)


def _number_digits(raw: str, digits: str) -> tuple[str, ...]:
    """The digit strings a number search stands for (national 80… as +375…)."""
    try:
        return (normalize_number(raw, "search")[1:],)
    except DomainError:
        pass
    if digits.startswith("80") and len(digits) > 2:
        return (digits, COUNTRY_CODE + digits[2:])
    return (digits,)


@dataclass(frozen=True)
class AdditionalService:
    """D14: a service of the operator's catalogue and the tariffs that allow it."""

    code: str
    name: str
    allowed_tariffs: tuple[str, ...]

    def allowed_on(self, tariff: str) -> bool:
        return tariff in self.allowed_tariffs


@dataclass(frozen=True)
class Subscriber:
    """D16: a phone line of the client: number, name, tariff, services, status."""

    id: SubscriberId
    number: str
    name: str
    tariff_code: str
    tariff: str
    # The billing's word (ACTIVE, BLOCKED): no rule reads it; a str, like Client.status.
    status: str
    services: tuple[AdditionalService, ...] = ()


@dataclass(frozen=True)
class SubscriberSearch:
    """D16: what to look for; both None means every subscriber."""

    digits: str | None = None
    text: str | None = None  # folded (fold_text)
    more_digits: tuple[str, ...] = ()  # other spellings of the same number

    @classmethod
    def parse(cls, search: str | None) -> SubscriberSearch:
        """D16: a number fragment and/or a name fragment from the search box."""
        raw = (search or "").strip()
        if len(raw) > SEARCH_MAX_LENGTH:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"Строка поиска — не более {SEARCH_MAX_LENGTH} символов.",
                "search",
            )
        if not raw:
            return cls()
        text = fold_text(raw)
        digits = "".join(c for c in raw if c.isdigit())
        if all(c in _NUMBER_CHARS for c in raw) and len(digits) >= MIN_NUMBER_DIGITS:
            first, *more = _number_digits(raw, digits)
            return cls(digits=first, text=text, more_digits=tuple(more))
        return cls(text=text)

    @property
    def everything(self) -> bool:
        return self.digits is None and self.text is None

    def matches(self, number: str, name: str) -> bool:
        """D16: the number contains the digits, or the name contains the text."""
        if self.everything:
            return True
        if self.digits is not None and (
            self.digits in number or any(d in number for d in self.more_digits)
        ):
            return True
        return self.text is not None and self.text in fold_text(name)
