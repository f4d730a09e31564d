"""Bank details checked with schwifty (D11): a Belarus IBAN, a well-formed BIC."""

from __future__ import annotations

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


class SchwiftyBankDetailsChecker:
    """IBAN: ISO 13616 check digits and the Belarus BBAN layout; BIC: ISO 9362 form."""

    def iban_valid(self, iban: str) -> bool:
        try:
            parsed = IBAN(iban)
        except (SchwiftyException, ValueError):
            return False
        return bool(parsed.country_code == "BY")

    def bic_valid(self, bic: str) -> bool:
        try:
            parsed = BIC(bic)
        except (SchwiftyException, ValueError):
            return False
        return bool(parsed.country_code == "BY")
