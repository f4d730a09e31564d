"""The operator's own details printed on every invoice."""

from __future__ import annotations

from domain.documents import Operator

OPERATOR = Operator(
    name="УП «ТелеКом Сервис»",
    unp="100582333",
    address="220030, г. Минск, ул. Энгельса, 6",
    iban="BY20AKBB30120000000040000000",
    bic="AKBBBY2X",
    bank="ОАО «АСБ Беларусбанк», г. Минск",
)
