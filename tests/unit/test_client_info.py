"""D11: the client's УНП, IBAN and bank BIC."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.client_info import (
    iban_mod97,
    unp_check_digit,
    validate_bic,
    validate_iban_by,
    validate_unp,
)
from domain.errors import DomainError, ErrorCode

# Published examples: 200988541 (python-stdnum docs) and the ISO 13616 registry BY IBAN.
VALID_UNP = "200988541"
VALID_IBAN = "BY13NBRB3600900000002Z00AB00"


@pytest.mark.parametrize("text", [VALID_UNP, " 200988541 ", "190542056", "101528843"])
def test_d11_accepts_a_valid_unp(text: str) -> None:
    assert validate_unp(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "20098854",  # 8 digits
        "2009885410",  # 10 digits
        "200988542",  # wrong check digit
        "800988541",  # region 8 does not exist
        "000000000",
        "20098854A",
        "MA1953684",  # an individual's УНП: not a corporate client's
        "200 988 541",
        "２００９８８５４１",  # full-width digits
    ],
)
def test_d11_rejects_an_invalid_unp(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_unp(text)
    assert caught.value.code is ErrorCode.INVALID_UNP
    assert caught.value.field == "unp"


def is_valid_unp(text: str) -> bool:
    try:
        validate_unp(text)
    except DomainError:
        return False
    return True


@given(st.from_regex(r"[1-7][0-9]{7}", fullmatch=True))
def test_d11_exactly_one_last_digit_completes_a_unp(first_eight: str) -> None:
    accepted = [first_eight + d for d in "0123456789" if is_valid_unp(first_eight + d)]
    check = unp_check_digit(first_eight)
    assert accepted == ([] if check is None else [first_eight + str(check)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID_IBAN, VALID_IBAN),
        ("BY13 NBRB 3600 9000 0000 2Z00 AB00", VALID_IBAN),
        ("by13nbrb3600900000002z00ab00", VALID_IBAN),
    ],
)
def test_d11_accepts_a_by_iban(text: str, expected: str) -> None:
    assert validate_iban_by(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BY14NBRB3600900000002Z00AB00",  # check digits off by one
        "BY13NBRB3600900000002Z00AB0",  # 27 characters
        "BY13NBRB3600900000002Z00AB000",  # 29 characters
        "BY13NBRB36X0900000002Z00AB00",  # the balance account must be digits
        "DE89370400440532013000",  # a valid German IBAN, not a Belarus one
        "BY13NBRB3600900000002Z00AB0\u00d8",
        "BY13-NBRB-3600-9000-0000-2Z00-AB00",
    ],
)
def test_d11_rejects_an_invalid_iban(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_iban_by(text, "bankAccounts.0.iban")
    assert caught.value.code is ErrorCode.INVALID_IBAN
    assert caught.value.field == "bankAccounts.0.iban"


@given(
    st.from_regex(r"[A-Z0-9]{4}[0-9]{4}[A-Z0-9]{16}", fullmatch=True),
    st.integers(min_value=2, max_value=27),
    st.sampled_from("0123456789"),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
)
def test_d11_computed_check_digits_pass_and_one_change_fails(
    bban: str, position: int, digit: str, letter: str
) -> None:
    check = 98 - iban_mod97(f"BY00{bban}")
    iban = f"BY{check:02d}{bban}"
    assert validate_iban_by(iban) == iban
    # Mod 97 catches every substitution of a digit by a digit or a letter by a letter.
    replacement = digit if iban[position].isdigit() else letter
    changed = iban[:position] + replacement + iban[position + 1 :]
    if changed != iban:
        with pytest.raises(DomainError):
            validate_iban_by(changed)


def test_d11_mod97_matches_the_integer_definition() -> None:
    rearranged = VALID_IBAN[4:] + VALID_IBAN[:4]
    as_number = int("".join(str(int(c, 36)) for c in rearranged))
    assert iban_mod97(VALID_IBAN) == as_number % 97 == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("AKBBBY2X", "AKBBBY2X"), ("akbbby2x", "AKBBBY2X"), ("PJCBBY2XXXX", "PJCBBY2XXXX")],
)
def test_d11_accepts_a_bic(text: str, expected: str) -> None:
    assert validate_bic(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "AKBBBY2", "AKBBBY2XX", "AKBBBY2XXXXX", "AKB1BY2X", "AKBBB12X", "AKBB BY2X", "АКББBY2X"],
)
def test_d11_rejects_an_invalid_bic(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate_bic(text)
    assert caught.value.code is ErrorCode.INVALID_BIC
    assert caught.value.field == "bic"
