"""XLSX_BREAKDOWN with 200,000 and 1,000,000 calls: ours against xlsxwriter.

Ours: XlsxInvoiceRenderer writing the invoice sheet, the three D8 parts and
the reconciliation summary: xlsxwriter (constant_memory) writes the workbook,
the call rows are our own sheet XML spliced into it (infra/render/xlsx_stream.py). The baseline,
"xlsxwriter", is the plain use of xlsxwriter in constant_memory mode writing
the same call rows into the same three sheets, with the same formats and the
same D8 classification (`domain.worktime.classify`, `write_datetime`).
"xlsxwriter+clock" is that baseline with our per-call arithmetic
(`MinskClock`), i.e. the writer alone. Calls come from a generator in all.
Each case runs in its own process; the cases of a size run interleaved
(ours, baseline, ours, baseline, ...) so that load from other work hits both.

Run: uv run python bench/bench_xlsx.py [--sizes 200000,1000000] [--repeats 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = (200_000, 1_000_000)
SUBSCRIBERS = 500
KINDS = ("ours", "xlsxwriter", "xlsxwriter+clock")


def write_xlsxwriter(path: str, calls: object, calendar: object, fast_clock: bool) -> None:
    import xlsxwriter

    from domain.worktime import CallPart, classify
    from infra.render.xlsx_book import local_naive
    from infra.render.xlsx_calls import HEADERS, SECONDS_PER_DAY, SHEET_TITLES, MinskClock

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    stamp = wb.add_format({"num_format": "DD.MM.YYYY HH:MM:SS"})
    duration = wb.add_format({"num_format": "[H]:MM:SS"})
    money = wb.add_format({"num_format": "#,##0.00"})
    parts = list(CallPart)
    sheets = [wb.add_worksheet(SHEET_TITLES[part]) for part in parts]
    rows = [1, 1, 1]
    for ws in sheets:
        ws.write_row(0, 0, HEADERS)
    part_and_serial = MinskClock(calendar).part_and_serial  # type: ignore[arg-type]
    for call in calls:  # type: ignore[attr-defined]
        if fast_clock:
            index, serial = part_and_serial(call.started_at)
            ws, row = sheets[index], rows[index]
            ws.write_number(row, 1, serial, stamp)
        else:
            index = parts.index(classify(call.started_at, calendar))  # type: ignore[arg-type]
            ws, row = sheets[index], rows[index]
            ws.write_datetime(row, 1, local_naive(call.started_at), stamp)
        ws.write_string(row, 0, call.subscriber_number)
        ws.write_string(row, 2, call.callee)
        ws.write_string(row, 3, call.kind)
        ws.write_number(row, 4, call.duration_s / SECONDS_PER_DAY, duration)
        ws.write_number(row, 5, float(call.cost), money)
        rows[index] = row + 1
    wb.close()


def child(kind: str, size: int) -> None:
    from bench._child import peak_rss_mib, report
    from domain.worktime import WorkCalendar
    from infra.render.xlsx import XlsxInvoiceRenderer
    from tests.integration.render_fixtures import make_calls, make_document

    document = make_document(SUBSCRIBERS, calls=size)
    # Built before the clock starts: importing the holidays registry takes ~1 s once.
    calendar = WorkCalendar()
    renderer = XlsxInvoiceRenderer(calendar)
    before = peak_rss_mib()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "out.xlsx")
        started, cpu = time.perf_counter(), time.process_time()
        if kind == "ours":
            with open(path, "wb") as out:
                renderer.workbook(document, out, make_calls(size, SUBSCRIBERS))
        else:
            fast = kind == "xlsxwriter+clock"
            write_xlsxwriter(path, make_calls(size, SUBSCRIBERS), calendar, fast)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        size_mib = Path(path).stat().st_size / 2**20
    report(
        {
            "seconds": seconds,
            "rows_per_s": size / seconds,
            "cpu_rows_per_s": size / cpu_seconds,
            "peak_mib": peak_rss_mib(),
            "base_mib": before,
            "file_mib": size_mib,
        }
    )


def main() -> None:
    from bench._child import run

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    print(
        f"{'calls':>9} | {'run':>3} | "
        + " | ".join(f"{kind + ' rows/s':>22}" for kind in kinds)
        + " | "
        + " | ".join(f"{'ours/' + kind:>21}" for kind in kinds[1:])
        + " | peak MiB ("
        + "/".join(kinds)
        + ")"
    )
    print("-" * 120)
    for size in (int(s) for s in args.sizes.split(",")):
        ratios: dict[str, list[float]] = {kind: [] for kind in kinds[1:]}
        cpu_ratios: dict[str, list[float]] = {kind: [] for kind in kinds[1:]}
        for repeat in range(1, args.repeats + 1):
            figures = {kind: run("bench_xlsx.py", kind, str(size)) for kind in kinds}
            rates = {kind: figures[kind]["rows_per_s"] for kind in kinds}
            for kind in kinds[1:]:
                ratios[kind].append(rates["ours"] / rates[kind])
                cpu_ratios[kind].append(
                    figures["ours"]["cpu_rows_per_s"] / figures[kind]["cpu_rows_per_s"]
                )
            print(
                f"{size:>9,} | {repeat:>3} | "
                + " | ".join(f"{rates[kind]:>22,.0f}" for kind in kinds)
                + " | "
                + " | ".join(f"{ratios[kind][-1]:>21.2f}" for kind in kinds[1:])
                + " | "
                + "/".join(f"{figures[kind]['peak_mib']:.0f}" for kind in kinds)
                + " | CPU rows/s "
                + "/".join(f"{figures[kind]['cpu_rows_per_s']:,.0f}" for kind in kinds)
                + " ratios "
                + "/".join(f"{cpu_ratios[kind][-1]:.2f}" for kind in kinds[1:])
                + f" (base {figures['ours']['base_mib']:.0f};"
                + f" ours {figures['ours']['seconds']:.0f} s,"
                + f" file {figures['ours']['file_mib']:.1f} MiB)",
                flush=True,
            )
        print(
            f"{size:>9,} | med | "
            + " | ".join(f"{'':>22}" for _ in kinds)
            + " | "
            + " | ".join(f"{statistics.median(ratios[kind]):>21.2f}" for kind in kinds[1:])
            + " | CPU ratios "
            + "/".join(f"{statistics.median(cpu_ratios[kind]):.2f}" for kind in kinds[1:]),
            flush=True,
        )


if __name__ == "__main__":
    from bench._child import child_or_main

    child_or_main(child, main)
