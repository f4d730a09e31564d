"""PDF of one invoice with 1,000 and 10,000 subscribers: ours against a naive table.

Naive: the same rows as one bordered HTML table with border-collapse, the way
an invoice is usually first written. Each case runs in its own process.
Run: uv run python bench/bench_pdf.py [sizes…]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (1_000, 10_000)

NAIVE_CSS = """
@page { size: A4; margin: 15mm 12mm;
  @bottom-right { content: "Страница " counter(page) " из " counter(pages); } }
body { font-family: "DejaVu Sans"; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #000; padding: 1pt 2pt; }
td.m { text-align: right; }
"""


def naive_html(document: object) -> str:
    from html import escape

    from domain.invoices import ChargeType
    from infra.render.formatting import rubles

    invoice = document.invoice  # type: ignore[attr-defined]
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in ["№", "Номер", "Абонент", *(c.label for c in ChargeType), "Итого"]
    )
    rows = []
    for index, line in enumerate(invoice.lines, 1):
        cells = [line.amount(c) for c in ChargeType] + [line.total]
        rows.append(
            f"<tr><td>{index}</td><td>{escape(line.subscriber_number)}</td>"
            f"<td>{escape(line.subscriber_name)}</td>"
            + "".join(f'<td class="m">{rubles(v)}</td>' for v in cells)
            + "</tr>"
        )
    return (
        f"<html><head><meta charset='utf-8'><style>{NAIVE_CSS}</style></head><body>"
        f"<h1>Счёт № {escape(invoice.number)}</h1><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def child(kind: str, size: int) -> None:
    from weasyprint import HTML

    from bench._child import peak_rss_mib, report
    from infra.render.pdf import WeasyPrintInvoiceRenderer
    from tests.integration.render_fixtures import make_document

    document = make_document(size)
    renderer = WeasyPrintInvoiceRenderer()
    renderer.pdf(make_document(5), io.BytesIO())  # warm up: fonts, templates
    before = peak_rss_mib()
    out = io.BytesIO()
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "ours":
        renderer.pdf(document, out)
    else:
        HTML(string=naive_html(document)).write_pdf(out)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    figures = {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mib": peak_rss_mib()}
    report({**figures, "base_mib": before})


def main() -> None:
    from bench._child import run

    print(f"{'subscribers':>11} | {'ours s':>7} | {'naive s':>8} | {'speed-up':>8} |"
          f" {'ours MiB':>8} | {'naive MiB':>9} |"
          f" {'ours CPU s':>10} | {'naive CPU s':>11}")  # fmt: skip
    print("-" * 96)
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES
    for size in sizes:
        ours = run("bench_pdf.py", "ours", str(size))
        naive = run("bench_pdf.py", "naive", str(size))
        print(
            f"{size:>11,} | {ours['seconds']:>7.2f} | {naive['seconds']:>8.2f} |"
            f" {naive['seconds'] / ours['seconds']:>7.1f}× |"
            f" {ours['peak_mib']:>8.0f} | {naive['peak_mib']:>9.0f} |"
            f" {ours['cpu_seconds']:>10.2f} | {naive['cpu_seconds']:>11.2f}",
            flush=True,
        )


if __name__ == "__main__":
    from bench._child import child_or_main

    child_or_main(child, main)
