"""D10: the PDF invoice shows the API's figures to the kopeck; read back with pypdf."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from domain.documents import InvoiceDocument
from domain.invoices import ChargeType
from infra.render.pdf import WeasyPrintInvoiceRenderer
from tests.integration.render_fixtures import HOSTILE_NAMES, make_document

SPACES = str.maketrans("", "", "\u00a0\u2007\u2008\u202f ")
AMOUNT = re.compile(r"-?\d{1,3}(?:[\u00a0\u2007\u2008 ]\d{3})*,\d{2}")


@pytest.fixture(scope="module")
def renderer() -> WeasyPrintInvoiceRenderer:
    return WeasyPrintInvoiceRenderer()


def render(renderer: WeasyPrintInvoiceRenderer, document: InvoiceDocument) -> list[str]:
    out = io.BytesIO()
    renderer.pdf(document, out)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def amount(text: str) -> Decimal:
    return Decimal(text.translate(SPACES).replace(",", "."))


def amounts_in(line: str) -> list[Decimal]:
    return [amount(match) for match in AMOUNT.findall(line)]


def labelled(text: str, label: str) -> Decimal:
    """The figure printed after a label on the same line."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            found = amounts_in(line[len(label) :])
            if found:
                return found[-1]
    raise AssertionError(f"{label!r} not found")


@pytest.fixture(scope="module")
def small(renderer: WeasyPrintInvoiceRenderer) -> tuple[InvoiceDocument, list[str]]:
    document = make_document(8)
    return document, render(renderer, document)


def test_d10_pdf_shows_same_totals_vat_and_amount_due(
    small: tuple[InvoiceDocument, list[str]],
) -> None:
    document, pages = small
    invoice, text = document.invoice, "\n".join(pages)
    assert labelled(text, "Начислено за период без НДС") == invoice.total
    assert labelled(text, "НДС 20 %") == invoice.vat
    assert labelled(text, "Начислено за период с НДС") == invoice.gross
    assert labelled(text, "Итого с НДС") == invoice.gross
    assert labelled(text, "К оплате, руб.") == invoice.amount_due
    assert labelled(text, "Входящий остаток на 01.10.2026") == invoice.opening_balance
    assert labelled(text, "Поступило платежей за период") == invoice.payments


def test_d10_pdf_shows_each_subscriber_line_to_the_kopeck(
    small: tuple[InvoiceDocument, list[str]],
) -> None:
    document, pages = small
    lines = "\n".join(pages).splitlines()
    for line in document.invoice.lines:
        printed = next(row for row in lines if line.subscriber_number in row)
        expected = [line.amount(charge) for charge in ChargeType] + [line.total]
        assert amounts_in(printed.split(line.subscriber_number, 1)[1])[:6] == expected


def test_d10_pdf_shows_requisites(small: tuple[InvoiceDocument, list[str]]) -> None:
    document, pages = small
    text = pages[0]
    for expected in (
        document.client.name,
        f"УНП плательщика {document.client.unp}",
        document.operator.name,
        f"УНП {document.operator.unp}",
        document.operator.iban,
        f"БИК {document.operator.bic}",
        f"№ {document.client.contract_number} от 15.03.2021",
        document.account.number,
        "Октябрь 2026",
        f"СЧЁТ № {document.invoice.number} от 01.11.2026",
    ):
        assert expected in text


def test_d10_pdf_prints_hostile_names_as_text(small: tuple[InvoiceDocument, list[str]]) -> None:
    _, pages = small
    flat = " ".join(" ".join(pages).split())
    assert "<script>alert('x')</script> Отдел продаж" in flat
    assert "Иванов & Ко" in flat
    assert HOSTILE_NAMES[0].split('"')[0] in flat  # =HYPERLINK( … printed, not active


def test_d10_pdf_numbers_every_page(renderer: WeasyPrintInvoiceRenderer) -> None:
    pages = render(renderer, make_document(300))
    assert len(pages) > 2
    for number, text in enumerate(pages, 1):
        assert f"Страница {number} из {len(pages)}" in text


def test_d10_pdf_repeats_the_column_header_on_each_page_of_the_list(
    renderer: WeasyPrintInvoiceRenderer,
) -> None:
    document = make_document(300)
    pages = render(renderer, document)
    numbers = [line.subscriber_number for line in document.invoice.lines]
    list_pages = [text for text in pages if any(number in text for number in numbers)]
    assert len(list_pages) >= 3
    for text in list_pages:
        assert "Номер абонента" in text and "Звонки" in text and "Итого" in text
    # Every subscriber appears once, across pages.
    whole = "\n".join(pages)
    for line in document.invoice.lines:
        assert whole.count(line.subscriber_number) == 1


def test_d10_pdf_column_totals_add_up(renderer: WeasyPrintInvoiceRenderer) -> None:
    document = make_document(120)
    text = "\n".join(render(renderer, document))
    row = next(r for r in text.splitlines() if r.strip().startswith("Итого") and "НДС" not in r)
    expected = [
        sum((line.amount(c) for line in document.invoice.lines), Decimal(0)) for c in ChargeType
    ]
    assert amounts_in(row) == [*expected, document.invoice.total]
