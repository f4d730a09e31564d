"""The invoice as PDF (D10): Jinja2 + WeasyPrint, A4, Russian, DejaVu Sans.

Why the subscriber list is not an HTML table: WeasyPrint spends about a
millisecond on every table cell (layout, text shaping, drawing), so 1,000
subscribers × 9 cells took 10–13 s on a 2-core machine. Each subscriber is
instead one line of text whose columns are tab stops (one text box instead of
nine cells), up to five subscribers to a block (see bench/README.md for the
figures). Money is right-aligned inside its column by padding with glyphs as
wide as a digit; the name, the only free-length text, comes last so that a
long one can continue under itself. The column header is a small table
repeated on every page as a running element in the top margin.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import jinja2
import markupsafe
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from domain.documents import InvoiceDocument
from domain.invoices import ChargeType, InvoiceLine
from domain.money import money
from infra.render.fonts import FACES, trimmed_fonts
from infra.render.formatting import (
    FIGURE_SPACE,
    day,
    moment,
    one_line,
    padded_rubles,
    period_title,
    rubles,
)

TEMPLATES = Path(__file__).parent / "templates"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

ROW_FONT_PT = 7.5
PX_PER_PT = 4 / 3
TAB_PX = 20  # every column starts on a multiple of this
CONTENT_PX = 703  # 186 mm of A4 between the 12 mm margins
NUMBER_STOPS = 2  # «№»: up to 5 digits
PHONE_STOPS = 6
MONEY_STOPS = 3
MONEY_CHARS = 10  # "999 999,99"
NAME_GAP_STOPS = 1  # air between the line total and the name
NAME_SAFETY_PX = 2  # rounding: the embedded font has no kerning (fonts.py)
ROWS_PER_BLOCK = 5  # subscribers per text block: fewer boxes, and a greenbar band


# A soft hyphen where the long label may break in its narrow column.
_HEADER_LABELS = {ChargeType.SUBSCRIPTION: "Абонент\u00adская плата"}


@functools.cache
def _advances(font_file: str) -> tuple[dict[int, int], int, int]:
    """Advance widths by code point, the default width, units per em."""
    font = TTFont(font_file, lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return widths, metrics[".notdef"][0], int(font["head"].unitsPerEm)


@dataclass(frozen=True)
class _TabLine:
    """Builds one subscriber line whose columns fall on tab stops."""

    font_file: str

    def width_px(self, text: str) -> float:
        widths, default, units = _advances(self.font_file)
        total = sum(widths.get(ord(ch), default) for ch in text)
        return total / units * ROW_FONT_PT * PX_PER_PT

    def tabs_to(self, start_px: float, text: str, target_stop: int) -> str:
        """Tabs that carry the pen from the end of `text` to the target stop."""
        end = start_px + self.width_px(text)
        return "\t" * max(1, target_stop - math.floor(end / TAB_PX))

    def columns(self, cells: list[str], amounts: list[str]) -> tuple[str, int]:
        """The text before the name, and the stop where the name starts."""
        parts: list[str] = []
        stop = 0
        for text, stops in zip(cells, (NUMBER_STOPS, PHONE_STOPS), strict=True):
            target = stop + stops
            parts.append(text + self.tabs_to(stop * TAB_PX, text, target))
            stop = target
        for position, text in enumerate(amounts, 1):
            target = stop + MONEY_STOPS + (NAME_GAP_STOPS if position == len(amounts) else 0)
            parts.append(text + self.tabs_to(stop * TAB_PX, text, target))
            stop = target
        return "".join(parts), stop

    def row(self, cells: list[str], amounts: list[str], name: str) -> tuple[str, bool]:
        """One subscriber's line, and whether its name fits on it.

        cells: «№» and the number; amounts: padded money; then the name, last,
        so that a long one can wrap under itself (see _blocks).
        """
        prefix, stop = self.columns(cells, amounts)
        fits = self.width_px(name) <= CONTENT_PX - stop * TAB_PX - NAME_SAFETY_PX
        return prefix + name, fits


class _LocalFilesOnly(URLFetcher):  # type: ignore[misc]
    """A document never reaches the network: only our fonts and templates are read."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self._allowed = allowed

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith(self._allowed):
            raise ValueError(f"refused to fetch {url!r} while rendering an invoice")
        return super().fetch(url, headers)


class WeasyPrintInvoiceRenderer:
    """Renders the D10 invoice as PDF; synchronous and CPU-bound."""

    def __init__(self, fonts_dir: Path = DEJAVU_DIR) -> None:
        self._fonts_dir = fonts_dir
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,  # subscriber names are user text: "<script>" stays text
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._tabs = _TabLine(str(fonts_dir / "DejaVuSans.ttf"))
        self._embedded = trimmed_fonts(fonts_dir)

    def pdf(self, document: InvoiceDocument, out: BinaryIO) -> None:
        """D10: the invoice of one account and period as an A4 PDF."""
        if not all((self._embedded / face).exists() for face in FACES):
            # A temporary-file cleaner removed them under a long-running worker.
            trimmed_fonts.cache_clear()
            self._embedded = trimmed_fonts(self._fonts_dir)
        fetcher = _LocalFilesOnly((self._embedded.resolve().as_uri(), TEMPLATES.resolve().as_uri()))
        html = HTML(string=self.html(document), base_url=str(TEMPLATES), url_fetcher=fetcher)
        # The embedded fonts are already trimmed (fonts.py): subsetting them again
        # on every render would cost more time than the bytes it saves.
        html.write_pdf(out, full_fonts=True)

    def html(self, document: InvoiceDocument) -> str:
        return self._env.get_template("invoice.html.j2").render(self._context(document))

    def _context(self, document: InvoiceDocument) -> dict[str, Any]:
        invoice = document.invoice
        period = invoice.period
        charges = list(ChargeType)
        money_gap = MONEY_STOPS * TAB_PX - self._tabs.width_px(padded_rubles(money(0), MONEY_CHARS))
        column_widths = (
            [NUMBER_STOPS * TAB_PX, PHONE_STOPS * TAB_PX]
            + [MONEY_STOPS * TAB_PX] * (len(charges) + 1)
            + [NAME_GAP_STOPS * TAB_PX]
        )
        # Our own stylesheet, inserted verbatim: escaping would break its quotes.
        # It holds no user text, only our file URIs and numbers.
        css = markupsafe.Markup(  # noqa: S704
            self._env.get_template("invoice.css").render(
                font_regular=(self._embedded / "DejaVuSans.ttf").resolve().as_uri(),
                font_bold=(self._embedded / "DejaVuSans-Bold.ttf").resolve().as_uri(),
                tab_px=TAB_PX,
                name_px=sum(column_widths),
                money_gap_px=f"{money_gap:.2f}",
            )
        )
        rows = [self._row(index, line, charges) for index, line in enumerate(invoice.lines, 1)]
        column_totals = [
            money(sum((line.amount(charge) for line in invoice.lines), money(0)))
            for charge in charges
        ]
        totals_row, _ = self._tabs.row(
            ["", "Итого"],
            [padded_rubles(v, MONEY_CHARS) for v in [*column_totals, invoice.total]],
            "",
        )
        return {
            "css": css,
            "operator": document.operator,
            "client": document.client,
            "account": document.account,
            "invoice": invoice,
            "period": period_title(period),
            "period_from": day(period.first_day),
            "period_to": day(period.last_day),
            "formed_on": day(invoice.formed_at),
            "formed_at": moment(invoice.formed_at),
            "contract_date": day(document.client.contract_date),
            "opening_balance": rubles(invoice.opening_balance),
            "payments": rubles(invoice.payments),
            "net": rubles(invoice.total),
            "vat": rubles(invoice.vat),
            "gross": rubles(invoice.gross),
            "amount_due": rubles(invoice.amount_due),
            "charge_labels": [_HEADER_LABELS.get(charge, charge.label) for charge in charges],
            "column_widths": column_widths,
            "line_count": len(invoice.lines),
            "blocks": _blocks(rows),
            "totals_row": totals_row,
        }

    def _row(self, index: int, line: InvoiceLine, charges: list[ChargeType]) -> tuple[str, bool]:
        amounts = [line.amount(charge) for charge in charges] + [line.total]
        return self._tabs.row(
            [f"{index:>5}".replace(" ", FIGURE_SPACE), one_line(line.subscriber_number)],
            [padded_rubles(amount, MONEY_CHARS) for amount in amounts],
            one_line(line.subscriber_name),
        )


def _blocks(rows: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Rows grouped into text blocks: (text, wraps).

    Up to ROWS_PER_BLOCK one-line rows share a block. A row whose name is too
    long for its column gets a block of its own, laid out with a hanging indent
    (CSS class "w") so the name continues under itself; Pango places tab stops
    on the second line of a block slightly differently, so continuation lines
    are left to CSS rather than built with tabs.
    """
    blocks: list[tuple[str, bool]] = []
    pending: list[str] = []
    for text, fits in rows:
        if fits:
            pending.append(text)
            if len(pending) == ROWS_PER_BLOCK:
                blocks.append(("\n".join(pending), False))
                pending = []
            continue
        if pending:
            blocks.append(("\n".join(pending), False))
            pending = []
        blocks.append((text, True))
    if pending:
        blocks.append(("\n".join(pending), False))
    return blocks
