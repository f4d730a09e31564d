"""The invoice recipients: one text field of e-mail addresses separated by ';' (D7).

Decisions the rule leaves open, fixed here:
- The 200-character limit counts the text exactly as typed (Unicode characters).
- Empty, only ';', or only blanks and ';' means nothing was entered: EMAILS_REQUIRED.
- Any blank anywhere (space, tab, NBSP, CR, LF, U+2028, zero-width space...) is refused
  with EMAILS_CONTAIN_SPACES; nothing is trimmed, so the stored text is what was checked.
- An empty item (`a@x.by;;b@y.by`, a leading or a trailing ';') is refused with
  INVALID_EMAIL on that item: the list is stored exactly as typed, with no guessing.
- Any other control or invisible format character is refused with INVALID_EMAIL, so CR,
  LF and their kin can never reach a mail header.
- Syntax only (no DNS): ASCII local part, domain ASCII or internationalized (IDN);
  quoted local parts, IP literals and special-use domains (`.test`, `localhost`) are refused.
- Addresses are kept as typed; `ascii_addresses` gives the IDN-encoded form for SMTP.
- Duplicates are compared case-insensitively on the IDN-encoded form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from domain.errors import DomainError, ErrorCode

SEPARATOR = ";"
MAX_LENGTH = 200
FIELD = "emails"
# Invisible characters that users paste as blanks; unicodedata calls them "format" (Cf).
_INVISIBLE_SPACES = frozenset("\u200b\u2060\ufeff\u180e")


def _is_blank(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE_SPACES


def _is_control(char: str) -> bool:
    # Cc control, Cf format (bidi overrides...), Cs surrogate, Co private use, Cn unassigned.
    return unicodedata.category(char).startswith("C")


def _error(code: ErrorCode, message: str, field_name: str) -> DomainError:
    return DomainError(code, message, field_name)


def _ascii_form(item: str, index: int, field_name: str) -> str:
    """D7: one address checked for syntax; returns its IDN-encoded (ASCII) form."""
    number = index + 1
    item_field = f"{field_name}.{index}"
    if item == "":
        raise _error(
            ErrorCode.INVALID_EMAIL,
            f"Адрес №{number} пуст: адреса указываются через «;» без пробела, "
            "без «;» в начале и в конце и без двух «;» подряд.",
            item_field,
        )
    if any(_is_control(char) for char in item):
        raise _error(
            ErrorCode.INVALID_EMAIL,
            f"Адрес №{number} содержит недопустимый управляющий или невидимый символ.",
            item_field,
        )
    try:
        valid = validate_email(
            item,
            check_deliverability=False,
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
        )
    except EmailNotValidError:
        raise _error(
            ErrorCode.INVALID_EMAIL,
            f"Адрес №{number} «{item}» указан неверно. Пример правильного адреса: buh@company.by.",
            item_field,
        ) from None
    # With allow_smtputf8=False the ASCII form always exists; keep mypy and readers sure.
    return valid.ascii_email or valid.normalized


def _check(addresses: tuple[str, ...], field_name: str) -> tuple[str, ...]:
    """D7: the whole list checked in a fixed order; returns the ASCII forms."""
    text = SEPARATOR.join(addresses)
    if all(char == SEPARATOR or _is_blank(char) for char in text):
        raise _error(
            ErrorCode.EMAILS_REQUIRED,
            "Введите адрес e-mail для доставки счетов.",
            field_name,
        )
    if len(text) > MAX_LENGTH:
        raise _error(
            ErrorCode.EMAILS_TOO_LONG,
            f"Максимальная длина поля — {MAX_LENGTH} символов, введено {len(text)}.",
            field_name,
        )
    if any(_is_blank(char) for char in text):
        raise _error(
            ErrorCode.EMAILS_CONTAIN_SPACES,
            "Если адресов несколько, укажите их через «;» без пробела.",
            field_name,
        )
    ascii_forms: list[str] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(text.split(SEPARATOR)):
        ascii_form = _ascii_form(item, index, field_name)
        key = ascii_form.casefold()
        if key in first_seen:
            raise _error(
                ErrorCode.DUPLICATE_EMAIL,
                f"Адрес №{index + 1} «{item}» повторяет адрес №{first_seen[key] + 1}.",
                f"{field_name}.{index}",
            )
        first_seen[key] = index
        ascii_forms.append(ascii_form)
    return tuple(ascii_forms)


@dataclass(frozen=True)
class RecipientList:
    """D7: a validated, non-empty list of distinct invoice recipients, as typed."""

    addresses: tuple[str, ...]
    ascii_addresses: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built from storage too: every instance is validated, so nothing unchecked is sent.
        object.__setattr__(self, "ascii_addresses", _check(tuple(self.addresses), FIELD))

    @classmethod
    def parse(cls, text: str, field_name: str = FIELD) -> RecipientList:
        """D7: parse the text field `a@x.by;b@y.by`, refusing with the rule's codes."""
        if not isinstance(text, str):
            raise _error(
                ErrorCode.EMAILS_REQUIRED, "Введите адрес e-mail для доставки счетов.", field_name
            )
        items = tuple(text.split(SEPARATOR))
        _check(items, field_name)  # with the caller's field name in the errors
        return cls(items)

    @property
    def text(self) -> str:
        """The list as one field: addresses joined by ';'."""
        return SEPARATOR.join(self.addresses)

    def __str__(self) -> str:
        return self.text

    def __iter__(self) -> Iterator[str]:
        return iter(self.addresses)

    def __len__(self) -> int:
        return len(self.addresses)
