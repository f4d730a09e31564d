"""ClientInfoChecks on a fake bank-details checker (D11)."""

from __future__ import annotations

from domain.use_cases.client_info import ClientInfoChecks
from tests.fakes import FakeBankDetails

IBAN = "BY13NBRB3600900000002Z00AB00"


def test_d11_unp_by_its_check_digit() -> None:
    checks = ClientInfoChecks(FakeBankDetails())
    assert checks.unp_valid("100000007")
    assert not checks.unp_valid("100000008")
    assert not checks.unp_valid("10000000")


def test_d11_iban_checked_by_the_domain_rule_first_then_the_checker() -> None:
    checker = FakeBankDetails(ibans=[IBAN])
    checks = ClientInfoChecks(checker)
    assert checks.iban_valid("by13 nbrb 3600 9000 0000 2z00 ab00")
    assert checker.asked == [IBAN]  # compacted, upper case
    assert not checks.iban_valid("BY13NBRB3600900000002Z00AB01")  # bad check digits
    assert checker.asked == [IBAN]  # refused by the rule: the checker never asked


def test_d11_a_well_formed_iban_the_checker_refuses_is_invalid() -> None:
    assert not ClientInfoChecks(FakeBankDetails()).iban_valid(IBAN)


def test_d11_bic_upper_case_then_the_checker() -> None:
    checker = FakeBankDetails(bics=["AKBBBY2X"])
    checks = ClientInfoChecks(checker)
    assert checks.bic_valid(" akbbby2x ")
    assert not checks.bic_valid("AKBB")
    assert not checks.bic_valid("NBRBBY2X")
    assert checker.asked == ["AKBBBY2X", "NBRBBY2X"]
