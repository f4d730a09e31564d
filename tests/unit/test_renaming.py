"""D13: renaming subscribers: numbers, names, the month-end pause, per-line results."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, ErrorCode
from domain.ids import SubscriberId
from domain.periods import MINSK
from domain.renaming import (
    BELARUS_CODES,
    NAME_MAX_LENGTH,
    RENAME_MAX_LINES,
    RenameLine,
    check_lines,
    ensure_rename_allowed,
    name_in_force,
    normalize_number,
    rename_allowed,
    validate_name,
)


def minsk(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=MINSK)


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "+375291234567",
        "375291234567",
        "80291234567",
        "8 029 123-45-67",
        "+375 (29) 123-45-67",
        "+375-29-123-45-67",
        "00375291234567",
        "291234567",
        "80 (29) 123 45 67",
        " +375291234567\u00a0",
    ],
)
def test_d13_normalizes_usual_spellings(text: str) -> None:
    assert normalize_number(text) == "+375291234567"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+375 25 765-43-21", "+375257654321"),
        ("8 033 111 22 33", "+375331112233"),
        ("80441112233", "+375441112233"),
        ("8 017 200-00-00", "+375172000000"),
        ("+375 (152) 12-34-56", "+375152123456"),
    ],
)
def test_d13_normalizes_every_operator_and_area_code(text: str, expected: str) -> None:
    assert normalize_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "+37529123456",  # 8 digits
        "+3752912345678",  # 10 digits
        "+79161234567",  # Russia
        "+375991234567",  # no such code
        "+375 01 1234567",
        "80 99 1234567",
        "+80291234567",
        "375+291234567",
        "+375 29 123 45 6x",
        "+375 29 123\t4567",
        "+375/29/1234567",
        "٣٧٥٢٩١٢٣٤٥٦٧",  # Arabic-Indic digits
        "0291234567",
        "1234567",
    ],
)
def test_d13_rejects_what_is_not_a_belarus_number(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_number(text, "items.3.number")
    assert caught.value.code is ErrorCode.INVALID_NUMBER
    assert caught.value.field == "items.3.number"
    assert "+375" in caught.value.message


@given(
    code=st.sampled_from(sorted(BELARUS_CODES)),
    rest=st.from_regex(r"[0-9]{7}", fullmatch=True),
    spelling=st.sampled_from(["+375{}", "375{}", "80{}", "00375{}", "{}", "+375 ({}"]),
)
def test_d13_every_spelling_normalizes_to_the_same_number(
    code: str, rest: str, spelling: str
) -> None:
    national = code + rest
    text = spelling.format(national if "(" not in spelling else f"{code}) {rest}")
    normalized = normalize_number(text)
    assert normalized == f"+375{national}"
    assert normalize_number(normalized) == normalized


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Иванов Иван", "Иванов Иван"),
        ("  Иванов   Иван  ", "Иванов Иван"),
        ("Іван\u00a0Ўладзіміравіч", "Іван Ўладзіміравіч"),
        ("Мар'я Мар’яна", "Мар'я Мар’яна"),
        ('ООО «Ромашка», отдел №2 (склад) / "Юг"', 'ООО «Ромашка», отдел №2 (склад) / "Юг"'),
        ("Office-2 Kyiv.", "Office-2 Kyiv."),
        ("Ёлкин Józef", "Ёлкин Józef"),
        ("и\u0306", "й"),  # decomposed й becomes one letter
        ("7", "7"),
    ],
)
def test_d13_accepts_and_cleans_names(name: str, expected: str) -> None:
    assert validate_name(name) == expected


def test_d13_name_length_limit() -> None:
    assert validate_name("Я" * NAME_MAX_LENGTH) == "Я" * NAME_MAX_LENGTH
    with pytest.raises(DomainError) as caught:
        validate_name("Я" * (NAME_MAX_LENGTH + 1), "items.0.name")
    assert caught.value.code is ErrorCode.INVALID_NAME
    assert caught.value.field == "items.0.name"
    assert str(NAME_MAX_LENGTH) in caught.value.message


@pytest.mark.parametrize("name", ["", "   ", "\u00a0"])
def test_d13_name_is_required(name: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME
    assert "Укажите" in caught.value.message


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("x")', "+7", "-Иванов", "@SUM(A1)", "  =1+1", "\u00a0-x"]
)
def test_d13_rejects_formula_injection(name: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME
    assert "= + - @" in caught.value.message


@pytest.mark.parametrize("name", ["Иван\tИванов", "Иван\nИванов", "Иван\r", "Иван\x00", "И\u202eв"])
def test_d13_rejects_control_characters_in_names(name: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME
    assert "управляющие" in caught.value.message


@pytest.mark.parametrize(
    ("name", "shown"),
    [("Иван$", "$"), ("a=b", "="), ("Ivan <b>", "<"), ("Ἀθηνᾶ", "Ἀ"), ("Иван😀", "😀")],
)
def test_d13_rejects_other_characters_and_names_them(name: str, shown: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME
    assert shown in caught.value.message


@pytest.mark.parametrize("name", ["...", "«»", "/ -"])
def test_d13_name_needs_a_letter_or_digit(name: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME


@given(st.text(max_size=100))
def test_d13_accepted_names_are_clean(name: str) -> None:
    try:
        cleaned = validate_name(name)
    except DomainError as error:
        assert error.code is ErrorCode.INVALID_NAME
        return
    assert 1 <= len(cleaned) <= NAME_MAX_LENGTH
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert cleaned[0] not in "=+-@"
    assert all(c.isprintable() for c in cleaned)
    assert validate_name(cleaned) == cleaned


# --- the month-end pause -------------------------------------------------------------


@pytest.mark.parametrize(
    "now",
    [
        minsk(2026, 11, 29, 0, 0),
        minsk(2026, 11, 30, 23, 59, 59),
        minsk(2026, 2, 27, 0, 0),  # February 2026 has 28 days
        minsk(2028, 2, 28, 12, 0),  # 2028 is a leap year: 28 and 29
        minsk(2026, 12, 30, 9, 0),
        datetime(2026, 11, 28, 21, 0, tzinfo=UTC),  # 29.11 00:00 in Minsk
    ],
)
def test_d13_refuses_renaming_in_the_last_two_days(now: datetime) -> None:
    assert not rename_allowed(now)
    with pytest.raises(DomainError) as caught:
        ensure_rename_allowed(now)
    assert caught.value.code is ErrorCode.RENAME_MONTH_END
    assert "последние 2 календарных дня месяца" in caught.value.message
    assert "по заявлению" in caught.value.message


@pytest.mark.parametrize(
    "now",
    [
        minsk(2026, 11, 28, 23, 59, 59),
        minsk(2026, 2, 26, 23, 59),
        minsk(2028, 2, 27, 23, 59),
        minsk(2026, 12, 1, 0, 0),
        minsk(2026, 12, 29, 23, 0),
        datetime(2026, 11, 28, 20, 59, tzinfo=UTC),  # 28.11 23:59 in Minsk
    ],
)
def test_d13_allows_renaming_before_the_last_two_days(now: datetime) -> None:
    assert rename_allowed(now)
    ensure_rename_allowed(now)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)))
def test_d13_exactly_two_days_a_month_are_closed(moment: datetime) -> None:
    now = moment.replace(tzinfo=MINSK)
    next_month = (now.replace(day=28) + timedelta(days=4)).replace(day=1)
    days_to_month_end = (next_month.date() - now.date()).days  # 1 on the last day
    assert rename_allowed(now) == (days_to_month_end > 2)


# --- lists ---------------------------------------------------------------------------

KNOWN = {
    "+375291234567": SubscriberId(11),
    "+375331112233": SubscriberId(12),
    "+375441112233": SubscriberId(13),
}


def test_d13_check_lines_gives_one_result_per_line_in_order() -> None:
    checks = check_lines(
        [
            ("8 029 123-45-67", "Иванов И.И."),
            ("+375 33 111-22-33", "=cmd"),
            ("12345", "Петров"),
            ("+375 25 000-00-00", "Сидоров"),
            ("80291234567", "Другое имя"),
            ("+375441112233", "  Склад  №2 "),
        ],
        KNOWN,
    )
    assert [c.position for c in checks] == [0, 1, 2, 3, 4, 5]
    assert [c.number for c in checks][:3] == ["8 029 123-45-67", "+375 33 111-22-33", "12345"]
    assert [c.ok for c in checks] == [True, False, False, False, False, True]
    assert checks[0].line == RenameLine(0, "+375291234567", "Иванов И.И.", SubscriberId(11))
    assert checks[5].line == RenameLine(5, "+375441112233", "Склад №2", SubscriberId(13))
    errors = [(c.error.code, c.error.field) if c.error else None for c in checks]
    assert errors == [
        None,
        (ErrorCode.INVALID_NAME, "items.1.name"),
        (ErrorCode.INVALID_NUMBER, "items.2.number"),
        (ErrorCode.UNKNOWN_SUBSCRIBER, "items.3.number"),
        (ErrorCode.DUPLICATE_NUMBER, "items.4.number"),
        None,
    ]
    assert all(c.line is None for c in checks if not c.ok)


def test_d13_duplicate_number_names_the_first_line() -> None:
    checks = check_lines([("+375291234567", "А"), ("+375291234567", "А")], KNOWN)
    assert checks[0].ok
    assert checks[1].error is not None
    assert checks[1].error.code is ErrorCode.DUPLICATE_NUMBER
    assert "строке 1" in checks[1].error.message


def test_d13_number_error_comes_before_name_error() -> None:
    (check,) = check_lines([("bad", "=bad")], KNOWN)
    assert check.error is not None
    assert check.error.code is ErrorCode.INVALID_NUMBER


def test_d13_list_of_10000_lines_is_accepted() -> None:
    items = [(f"+37529{i:07d}", f"Абонент {i}") for i in range(RENAME_MAX_LINES)]
    known = {number: SubscriberId(i) for i, (number, _) in enumerate(items)}
    checks = check_lines(items, known)
    assert len(checks) == RENAME_MAX_LINES
    assert all(c.ok for c in checks)


def test_d13_list_longer_than_10000_is_refused() -> None:
    items = [(f"+37529{i:07d}", "Имя") for i in range(RENAME_MAX_LINES + 1)]
    with pytest.raises(DomainError) as caught:
        check_lines(items, {})
    assert caught.value.code is ErrorCode.LIST_TOO_LONG
    assert caught.value.field == "items"


def test_d13_empty_list_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        check_lines([], KNOWN)
    assert caught.value.code is ErrorCode.LIST_EMPTY


# --- the name in force at formation --------------------------------------------------


def test_d13_last_name_in_force_at_formation_wins() -> None:
    history = [
        (minsk(2026, 1, 10), "Первое"),
        (minsk(2026, 10, 5), "Второе"),
        (minsk(2026, 10, 20), "Третье"),
        (minsk(2026, 11, 2), "После формирования"),
    ]
    formed_at = minsk(2026, 11, 1, 3, 0)
    assert name_in_force(history, formed_at) == "Третье"
    assert name_in_force(list(reversed(history)), formed_at) == "Третье"
    assert name_in_force(history, minsk(2025, 12, 31)) is None
    assert name_in_force(history, minsk(2026, 10, 20)) == "Третье"  # in force from that moment
    assert name_in_force([], formed_at) is None


def test_d13_same_moment_later_entry_wins() -> None:
    at = minsk(2026, 10, 5)
    assert name_in_force([(at, "Раньше записано"), (at, "Позже записано")], at) == "Позже записано"


# --- fast paths agree with the rules -------------------------------------------------
# validate_name skips the per-character scan for characters it has already accepted,
# and normalize_number has a shortcut for the canonical spelling: both must answer
# exactly as the plain rules do, whatever was seen before.


def _reference_name(name: str) -> tuple[str, str]:
    """The rules of validate_name spelled out character by character: (verdict, text)."""
    text = unicodedata.normalize("NFC", name)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")
    if any(unicodedata.category(c).startswith("C") for c in text):
        return "control", ""
    text = " ".join(part for part in text.split(" ") if part)
    if not text:
        return "empty", ""
    if len(text) > NAME_MAX_LENGTH:
        return "long", ""
    if text[0] in "=+-@":
        return "formula", ""

    def letter(c: str) -> bool:
        return c.isalpha() and unicodedata.name(c, "").startswith(("CYRILLIC ", "LATIN "))

    if any(not (letter(c) or c in "0123456789" or c in " .,-'’ʼ\"«»()№/") for c in text):
        return "bad", ""
    if not any(letter(c) or c in "0123456789" for c in text):
        return "no letter", ""
    return "ok", text


NAME_CHARS = st.sampled_from(
    [
        *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБЯіўІЎabcXYZ0123456789 .,-'’ʼ\"«»()№/=+@",
        *("\t", "\n", "\u00a0", "\u202f", "\u200b", "\x00", "é", "\u0301", "α", "中", "€"),
    ]
)


@given(st.lists(st.text(NAME_CHARS, max_size=70), min_size=1, max_size=5))
def test_d13_name_fast_path_agrees_with_the_rules(names: list[str]) -> None:
    for name in names:  # several in a row: what one accepts must not let others pass
        verdict, expected = _reference_name(name)
        try:
            cleaned = validate_name(name)
        except DomainError as error:
            assert error.code is ErrorCode.INVALID_NAME
            assert verdict != "ok", (name, error.message)
            continue
        assert (verdict, cleaned) == ("ok", expected)


@pytest.mark.parametrize("name", ["Иван\tИванов", "Иван\x00", "Иван\u200bИванов", "Ιωάννης"])
def test_d13_known_letters_do_not_let_a_bad_character_pass(name: str) -> None:
    assert validate_name("Иван Иванов") == "Иван Иванов"  # its letters are now known
    with pytest.raises(DomainError) as caught:
        validate_name(name)
    assert caught.value.code is ErrorCode.INVALID_NAME


@pytest.mark.parametrize(
    "text",
    [
        "+375991234567",  # not a Belarus code
        "+375２９1234567",  # full-width digits
        "+375٢٩1234567",  # Arabic-Indic digits
        "+37529123456",
        "+3752912345678",
        "+375+291234567",
    ],
)
def test_d13_canonical_looking_numbers_are_still_checked(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_number(text, "items.0.number")
    assert caught.value.code is ErrorCode.INVALID_NUMBER
    assert caught.value.field == "items.0.number"


@given(st.sampled_from(sorted(BELARUS_CODES)), st.integers(0, 9_999_999))
def test_d13_canonical_numbers_pass_as_given(code: str, rest: int) -> None:
    number = f"+375{code}{rest:07d}"
    assert normalize_number(number) == number == normalize_number(f"8 0{code} {rest:07d}")
