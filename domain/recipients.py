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
- Duplicates are compared case-insensitively on the IDN-encoded form; nothing is
  normalised or dropped (a duplicate is refused, not merged).
- The list is a value, `RecipientList`, checked once where it enters (see its docstring);
  the empty list is a value too (no address), the empty text is not (EMAILS_REQUIRED).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

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


class RecipientList:
    """D7: a list of distinct invoice recipients, as typed; frozen, validated once.

    Where a list comes from decides how it is checked, once:
    - `parse(text)`: the one text field a user typed (`a@x.by;b@y.by`), checked whole
      with the rule's codes and Russian messages; an empty field is EMAILS_REQUIRED.
    - `RecipientList(addresses)`: addresses from code or tests, checked the same way
      (no addresses at all: the empty list).
    - `stored(addresses)`, `stored_text(text)`: read back from the database, where only
      checked lists are written; not checked again on reading (a page of settings or of
      sendings costs nothing), but its ASCII forms, and with them the whole check, are
      computed the first time they are asked for (`checked()`, `ascii_addresses`), so
      nothing unchecked is ever kept for a sending or mailed.

    The empty list (`RecipientList()`, `NONE`) is a value: the delivery settings of an
    account that receives its invoices itself may have no address (D6). Where the rule
    needs an address it says so with its own refusal: `next_version` (EMAIL needs one,
    EMAIL_REQUIRED_FOR_METHOD), the repeat (`no_email_address`), and a `MailMessage`
    (EMAILS_REQUIRED). A non-empty list is never empty text: `parse("")` is refused.
    """

    __slots__ = ("_addresses", "_ascii")
    _addresses: tuple[str, ...]
    _ascii: tuple[str, ...] | None

    def __init__(self, addresses: Iterable[str] = ()) -> None:
        items = tuple(addresses)
        object.__setattr__(self, "_addresses", items)
        object.__setattr__(self, "_ascii", _check(items, FIELD) if items else ())

    @classmethod
    def parse(cls, text: str, field_name: str = FIELD) -> RecipientList:
        """D7: parse the text field `a@x.by;b@y.by`, refusing with the rule's codes."""
        if not isinstance(text, str):
            raise _error(
                ErrorCode.EMAILS_REQUIRED, "Введите адрес e-mail для доставки счетов.", field_name
            )
        items = tuple(text.split(SEPARATOR))
        found = cls.__new__(cls)
        object.__setattr__(found, "_addresses", items)
        # With the caller's field name in the errors; "" is one empty item: refused.
        object.__setattr__(found, "_ascii", _check(items, field_name))
        return found

    @classmethod
    def stored(cls, addresses: Iterable[str]) -> RecipientList:
        """A list read back from storage: not checked on reading; checked the first time
        it is kept for a sending or mailed (`checked()`)."""
        found = cls.__new__(cls)
        items = tuple(addresses)
        object.__setattr__(found, "_addresses", items)
        object.__setattr__(found, "_ascii", None if items else ())
        return found

    @classmethod
    def stored_text(cls, text: str) -> RecipientList:
        """A list stored as its text field (`text`): the empty text is no address."""
        return cls.stored(text.split(SEPARATOR)) if text else NONE

    @property
    def addresses(self) -> tuple[str, ...]:
        """The addresses as typed, in order."""
        return self._addresses

    @property
    def ascii_addresses(self) -> tuple[str, ...]:
        """The IDN-encoded forms for SMTP, in the same order (a stored list is checked
        here, once: DomainError if it does not hold)."""
        ascii_forms = self._ascii
        if ascii_forms is None:
            ascii_forms = _check(self._addresses, FIELD)
            object.__setattr__(self, "_ascii", ascii_forms)
        return ascii_forms

    def checked(self) -> RecipientList:
        """This list, once it is known to hold (D7): free for a typed list, checked at
        its construction; a stored one is checked here the first time (DomainError with
        the rule's code when it does not), never again."""
        _ = self.ascii_addresses
        return self

    @property
    def text(self) -> str:
        """The list as one field: addresses joined by ';' (empty text for no address)."""
        return SEPARATOR.join(self._addresses)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"RecipientList({self._addresses!r})"

    def __iter__(self) -> Iterator[str]:
        return iter(self._addresses)

    def __len__(self) -> int:
        return len(self._addresses)

    def __contains__(self, address: object) -> bool:
        return address in self._addresses

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecipientList):
            return self._addresses == other._addresses
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._addresses)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RecipientList is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RecipientList is immutable: cannot delete {name!r}")

    def __copy__(self) -> RecipientList:
        return self  # immutable: a copy is the value itself, its check included

    def __deepcopy__(self, memo: dict[int, object]) -> RecipientList:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled (another process): read back as stored, so checked again there.
        return (RecipientList.stored, (self._addresses,))


# No address: the settings of an account that receives its invoices itself (D6).
NONE = RecipientList()
