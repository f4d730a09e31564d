"""D10: compute_totals on figures worked out by hand (not against itself)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.invoices import ChargeType, InvoiceLine, compute_totals

D = Decimal


def charges(**amounts: str) -> dict[ChargeType, Decimal]:
    return {ChargeType[name]: D(value) for name, value in amounts.items()}


LINES = [
    InvoiceLine("+375291111111", "Иванов", charges(SUBSCRIPTION="12.50", CALLS="3.17")),
    InvoiceLine("+375292222222", "Петров", charges(SUBSCRIPTION="12.50")),
    InvoiceLine("+375293333333", "Сидоров", charges(SUBSCRIPTION="7.00", CALLS="0.08")),
]


def test_d10_net_vat_and_gross_by_hand() -> None:
    # 12.50 + 3.17 + 12.50 + 7.00 + 0.08 = 35.25; VAT 20 % = 7.05; gross 42.30.
    totals = compute_totals(LINES, D("0.00"), D("0.00"))
    assert (totals.net, totals.vat, totals.gross) == (D("35.25"), D("7.05"), D("42.30"))
    # Nothing in advance, nothing paid: all of it is due.
    assert totals.amount_due == D("42.30")


def test_d10_vat_rounds_half_up_to_the_kopeck() -> None:
    # 0.08 × 0.2 = 0.016 → 0.02; 0.07 × 0.2 = 0.014 → 0.01;
    # 1.13 × 0.2 = 0.226 → 0.23; 1.12 × 0.2 = 0.224 → 0.22.
    for net, vat in (("0.08", "0.02"), ("0.07", "0.01"), ("1.13", "0.23"), ("1.12", "0.22")):
        line = InvoiceLine("+375291111111", "Иванов", charges(CALLS=net))
        assert compute_totals([line], D("0"), D("0")).vat == D(vat), net


def test_d10_a_debt_is_added_to_what_is_due() -> None:
    # Opening −10.00 (a debt), 5.00 paid: −10.00 + 5.00 − 42.30 = −47.30 → 47.30 due.
    assert compute_totals(LINES, D("-10.00"), D("5.00")).amount_due == D("47.30")


def test_d10_money_in_advance_covers_the_invoice() -> None:
    # 40.00 in advance + 2.30 paid = 42.30: exactly covered, nothing due.
    assert compute_totals(LINES, D("40.00"), D("2.30")).amount_due == D("0.00")
    # 50.00 in advance: 7.70 left over, still nothing due (never negative).
    assert compute_totals(LINES, D("50.00"), D("0.00")).amount_due == D("0.00")
    # 40.00 in advance only: 2.30 short.
    assert compute_totals(LINES, D("40.00"), D("0.00")).amount_due == D("2.30")


def test_d10_an_invoice_without_lines_is_zero() -> None:
    totals = compute_totals([], D("0.00"), D("0.00"))
    assert (totals.net, totals.vat, totals.gross, totals.amount_due) == (D("0"),) * 4


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.from_regex(r"-?[0-9]{1,30}\.[0-9]{2}", fullmatch=True),
        st.text(alphabet="0123456789.-+eE,٥ ", max_size=8),
    )
)
def test_d10_money_read_to_the_kopeck_as_quantize_reads_it(text: str) -> None:
    """money() skips the rounding of a text already written to the kopeck; every text
    gives what rounding half up gives, or the same refusal."""
    from decimal import ROUND_HALF_UP, InvalidOperation

    from domain.money import KOPECK, money

    try:
        expected = Decimal(text).quantize(KOPECK, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        with pytest.raises(InvalidOperation):
            money(text)
        return
    got = money(text)
    assert got == expected and str(got) == str(expected)


def test_d10_money_rounds_what_is_not_to_the_kopeck() -> None:
    from decimal import InvalidOperation

    from domain.money import money

    assert str(money("1.005")) == "1.01"
    assert str(money("2.5")) == "2.50"
    assert str(money("-0.00")) == "-0.00"
    assert str(money(Decimal("3.14159"))) == "3.14"
    with pytest.raises(InvalidOperation):  # beyond Decimal's precision, as quantize refuses
        money("1234567890123456789012345678.12")
