"""Checks of the client's personal information (D11)."""

from __future__ import annotations

from domain.client_info import validate_bic, validate_iban_by, validate_unp
from domain.errors import DomainError
from domain.ports import BankDetailsChecker


class ClientInfoChecks:
    """D11: УНП by its check digit; IBAN by the domain rule and by schwifty; BIC likewise."""

    def __init__(self, checker: BankDetailsChecker) -> None:
        self._checker = checker

    def unp_valid(self, unp: str) -> bool:
        try:
            validate_unp(unp)
        except DomainError:
            return False
        return True

    def iban_valid(self, iban: str) -> bool:
        try:
            compact = validate_iban_by(iban)
        except DomainError:
            return False
        return self._checker.iban_valid(compact)

    def bic_valid(self, bic: str) -> bool:
        try:
            code = validate_bic(bic)
        except DomainError:
            return False
        return self._checker.bic_valid(code)
