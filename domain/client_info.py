"""The client's identifiers and bank details: УНП, IBAN (BY), BIC (D11).

Decisions fixed here:
- УНП of an organisation: 9 digits, the first (the region) 1..7, and the check digit:
  the first eight digits weighted 29, 23, 19, 17, 13, 7, 5, 3, sum mod 11 (10 is never
  issued). The alphanumeric УНП of individuals is not a corporate client's, so refused.
- IBAN: spaces are ignored and letters upper-cased; BY + 2 check digits + 4-character
  bank code + 4-digit balance account + 16 characters (28 in all), ISO 13616 mod 97 == 1.
- BIC (ISO 9362): 4 letters (bank), 2 letters (country), 2 letters or digits (location),
  optionally 3 letters or digits (branch); upper-cased.
"""

from __future__ import annotations

import re

from domain.errors import DomainError, ErrorCode

UNP_WEIGHTS = (29, 23, 19, 17, 13, 7, 5, 3)
_UNP_RE = re.compile(r"[1-7][0-9]{8}")
_IBAN_BY_RE = re.compile(r"BY[0-9]{2}[A-Z0-9]{4}[0-9]{4}[A-Z0-9]{16}")
_BIC_RE = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")


def unp_check_digit(first_eight: str) -> int | None:
    """D11: the УНП check digit of the first eight digits; None if it would be 10."""
    remainder = sum(w * int(d) for w, d in zip(UNP_WEIGHTS, first_eight, strict=True)) % 11
    return None if remainder == 10 else remainder


def validate_unp(text: str, field: str = "unp") -> str:
    """D11: an organisation's УНП: 9 digits with a valid check digit."""
    unp = text.strip() if isinstance(text, str) else ""
    if not _UNP_RE.fullmatch(unp) or unp_check_digit(unp[:8]) != int(unp[8]):
        raise DomainError(
            ErrorCode.INVALID_UNP,
            "УНП указан неверно: 9 цифр, последняя — контрольная.",
            field,
        )
    return unp


def iban_mod97(iban: str) -> int:
    """ISO 13616: the remainder of the rearranged IBAN, letters as 10..35."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for char in rearranged:
        remainder = (remainder * (100 if char.isalpha() else 10) + int(char, 36)) % 97
    return remainder


def validate_iban_by(text: str, field: str = "iban") -> str:
    """D11: a Belarus IBAN, 28 characters, check digits valid; compact upper case."""
    iban = "".join(text.split(" ")).upper() if isinstance(text, str) else ""
    if not iban.isascii() or not _IBAN_BY_RE.fullmatch(iban) or iban_mod97(iban) != 1:
        raise DomainError(
            ErrorCode.INVALID_IBAN,
            "Расчетный счет указан неверно: нужен счет в формате IBAN Беларуси — 28 знаков, "
            "начинается с BY, например BY13NBRB3600900000002Z00AB00.",
            field,
        )
    return iban


def validate_bic(text: str, field: str = "bic") -> str:
    """D11: a bank's BIC (SWIFT code), 8 or 11 characters; upper case."""
    bic = text.strip().upper() if isinstance(text, str) else ""
    if not bic.isascii() or not _BIC_RE.fullmatch(bic):
        raise DomainError(
            ErrorCode.INVALID_BIC,
            "BIC банка указан неверно: 8 или 11 латинских букв и цифр, например AKBBBY2X.",
            field,
        )
    return bic
