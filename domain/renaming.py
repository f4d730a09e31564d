"""Renaming subscribers, one at a time or by a list (D13).

Decisions the rule leaves open, fixed here:
- A number is a Belarus number: +375 and 9 digits whose code is a mobile (24, 25, 29,
  33, 44) or geographic (15x, 16x, 17, 21x, 22x, 23x) one. Accepted spellings:
  +375…, 00375…, 375…, 80… (national, e.g. 8 029 123-45-67) and the bare 9 digits;
  spaces, '-', '(', ')' and '.' between digits are ignored.
- A name is trimmed, inner runs of spaces become one, NBSP counts as a space;
  1..64 characters; Cyrillic and Latin letters (Belarusian і, ў included), digits,
  space and . , - ' ’ ʼ " « » ( ) № / only, at least one letter or digit. It may not
  start with = + - @ (a spreadsheet would take it for a formula).
- In a list, a number given again is refused on the later line (DUPLICATE_NUMBER);
  the first line stands. One error per line: number first, then name.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError, ErrorCode
from domain.ids import SubscriberId
from domain.periods import BillingPeriod, to_minsk

RENAME_MAX_LINES = 10_000
NAME_MAX_LENGTH = 64
MONTH_END_DAYS = 2
COUNTRY_CODE = "375"
NATIONAL_DIGITS = 9
# Operator and area codes: the first two digits of the 9-digit national number.
BELARUS_CODES = frozenset({"15", "16", "17", "21", "22", "23", "24", "25", "29", "33", "44"})
_NUMBER_SEPARATORS = frozenset(" \u00a0-().")
_DIGITS = frozenset("0123456789")
_NAME_PUNCTUATION = frozenset(" .,-'’ʼ\"«»()№/")
_FORMULA_STARTS = ("=", "+", "-", "@")
_NBSPS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
NUMBER_EXAMPLE = "+375291234567"


def _invalid_number(field: str) -> DomainError:
    return DomainError(
        ErrorCode.INVALID_NUMBER,
        "Номер указан неверно: укажите номер абонента в Беларуси в формате "
        f"+375XXXXXXXXX, например {NUMBER_EXAMPLE}.",
        field,
    )


def normalize_number(text: str, field: str = "number") -> str:
    """D13, D14: a subscriber number in any usual spelling → '+375XXXXXXXXX'."""
    if not isinstance(text, str):
        raise _invalid_number(field)
    # Fast path for the canonical spelling, the usual one in a list (two thirds of the
    # cost of checking 10,000 lines went to the general scan below).
    if (
        len(text) == 4 + NATIONAL_DIGITS
        and text.startswith("+375")
        and text.isascii()
        and text[1:].isdigit()
        and text[4:6] in BELARUS_CODES
    ):
        return text
    raw = text.strip()
    plus = raw.startswith("+")
    body = raw[1:] if plus else raw
    if len(body) > 40 or any(
        char not in _DIGITS and char not in _NUMBER_SEPARATORS for char in body
    ):
        raise _invalid_number(field)
    digits = "".join(char for char in body if char in _DIGITS)
    if plus:
        national = digits[3:] if digits.startswith(COUNTRY_CODE) else None
    elif digits.startswith("00" + COUNTRY_CODE):
        national = digits[5:]
    elif digits.startswith(COUNTRY_CODE) and len(digits) == 3 + NATIONAL_DIGITS:
        national = digits[3:]
    elif digits.startswith("80") and len(digits) == 2 + NATIONAL_DIGITS:
        national = digits[2:]
    else:
        national = digits
    if national is None or len(national) != NATIONAL_DIGITS or national[:2] not in BELARUS_CODES:
        raise _invalid_number(field)
    return f"+{COUNTRY_CODE}{national}"


@functools.lru_cache(maxsize=4096)  # a 10,000-line list asks about the same letters
def _is_name_letter(char: str) -> bool:
    if not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("CYRILLIC ", "LATIN "))


# Characters known to be allowed in a name: digits, punctuation and every letter
# `_is_name_letter` has accepted so far (bounded: Cyrillic and Latin letters only).
# None is a control character, so a name made of them needs no per-character scan.
_NAME_CHARS: set[str] = set(_DIGITS | _NAME_PUNCTUATION)


def _all_known_name_chars(chars: set[str]) -> bool:
    if chars <= _NAME_CHARS:
        return True
    unseen = chars - _NAME_CHARS
    _NAME_CHARS.update(c for c in unseen if _is_name_letter(c))
    return chars <= _NAME_CHARS


def _invalid_name(message: str, field: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_NAME, message, field)


def validate_name(name: str, field: str = "name") -> str:
    """D13: a subscriber's new name, cleaned, or INVALID_NAME saying what is wrong."""
    if not isinstance(name, str):
        raise _invalid_name("Укажите имя абонента.", field)
    text = unicodedata.normalize("NFC", name)
    if "\u00a0" in text or "\u202f" in text or "\u2007" in text:  # translate() is slow
        text = text.translate(_NBSPS)
    chars = set(text)
    known = _all_known_name_chars(chars)  # then: no control character, no bad one
    if not known and any(unicodedata.category(char).startswith("C") for char in chars):
        raise _invalid_name(
            "Имя абонента не может содержать табуляцию, перевод строки и другие "
            "управляющие символы.",
            field,
        )
    text = " ".join(part for part in text.split(" ") if part)
    if not text:
        raise _invalid_name("Укажите имя абонента.", field)
    if len(text) > NAME_MAX_LENGTH:
        raise _invalid_name(
            f"Имя абонента — не более {NAME_MAX_LENGTH} символов (введено {len(text)}).", field
        )
    if text.startswith(_FORMULA_STARTS):
        raise _invalid_name("Имя абонента не может начинаться с символов = + - @.", field)
    if known:
        # Only spaces were dropped since `chars` was taken, and a space is punctuation.
        if chars <= _NAME_PUNCTUATION:
            raise _invalid_name(
                "Имя абонента должно содержать хотя бы одну букву или цифру.", field
            )
        return text
    bad = sorted(
        {c for c in text if not (_is_name_letter(c) or c in _DIGITS or c in _NAME_PUNCTUATION)}
    )
    if bad:
        shown = " ".join(bad[:5])
        raise _invalid_name(
            f"Недопустимые символы в имени абонента: {shown}. Разрешены буквы, цифры, "
            "пробел и знаки . , - ' \" « » ( ) № /.",
            field,
        )
    if not any(_is_name_letter(c) or c in _DIGITS for c in text):
        raise _invalid_name("Имя абонента должно содержать хотя бы одну букву или цифру.", field)
    return text


def rename_allowed(now: datetime) -> bool:
    """D13: renaming is not accepted in the last 2 calendar days of a month (Minsk)."""
    local = to_minsk(now)
    last_day = BillingPeriod.containing(now).last_day
    return local.date() <= last_day - timedelta(days=MONTH_END_DAYS)


def ensure_rename_allowed(now: datetime) -> None:
    """D13: refuse renaming in the last 2 calendar days of the month."""
    if not rename_allowed(now):
        raise DomainError(
            ErrorCode.RENAME_MONTH_END,
            "Операции по переименованию через Личный кабинет не производятся в последние "
            "2 календарных дня месяца. В эти дни переименование возможно по заявлению.",
        )


def _grouped(count: int) -> str:
    return f"{count:,}".replace(",", "\u00a0")


def ensure_list_size(count: int, field: str = "items") -> None:
    """D13, D14: a list holds 1..10,000 lines."""
    if count == 0:
        raise DomainError(ErrorCode.LIST_EMPTY, "Список абонентов пуст.", field)
    if count > RENAME_MAX_LINES:
        raise DomainError(
            ErrorCode.LIST_TOO_LONG,
            f"В списке должно быть не более {_grouped(RENAME_MAX_LINES)} строк, "
            f"получено {_grouped(count)}.",
            field,
        )


@dataclass(frozen=True)
class RenameLine:
    """D13: one accepted line of a renaming request: whom to rename, and how."""

    position: int  # 0-based, as in the field `items.N`
    number: str  # normalized, +375XXXXXXXXX
    name: str
    subscriber_id: SubscriberId | None = None


@dataclass(frozen=True)
class LineCheck:
    """D13: the check of one input line: the line to carry out, or its refusal."""

    position: int
    number: str  # as given
    line: RenameLine | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_lines(
    items: Sequence[tuple[str, str]], known_numbers: Mapping[str, SubscriberId]
) -> list[LineCheck]:
    """D13: check every (number, name) line; known_numbers maps +375… to subscriber ids."""
    ensure_list_size(len(items))
    first_position: dict[str, int] = {}
    checks: list[LineCheck] = []
    for position, (raw_number, raw_name) in enumerate(items):
        number_field = f"items.{position}.number"
        try:
            number = normalize_number(raw_number, number_field)
            if number in first_position:
                raise DomainError(
                    ErrorCode.DUPLICATE_NUMBER,
                    f"Номер {number} уже указан в строке {first_position[number] + 1}.",
                    number_field,
                )
            first_position[number] = position
            subscriber_id = known_numbers.get(number)
            if subscriber_id is None:
                raise DomainError(
                    ErrorCode.UNKNOWN_SUBSCRIBER,
                    f"Абонент с номером {number} не найден среди абонентов клиента.",
                    number_field,
                )
            name = validate_name(raw_name, f"items.{position}.name")
        except DomainError as refusal:
            checks.append(LineCheck(position, str(raw_number), error=refusal))
            continue
        line = RenameLine(position, number, name, subscriber_id)
        checks.append(LineCheck(position, str(raw_number), line=line))
    return checks


def name_in_force(history: Sequence[tuple[datetime, str]], at: datetime) -> str | None:
    """D13: the last name in force at a moment (formation); later entries win ties."""
    best: tuple[datetime, str] | None = None
    for since, name in history:
        if since <= at and (best is None or since >= best[0]):
            best = (since, name)
    return None if best is None else best[1]
