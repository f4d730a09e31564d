"""Sheet XML of our own for the call detail, spliced into an xlsxwriter workbook.

xlsxwriter's per-cell work (dimension checks, per-cell attributes, regex
escaping) was ~90 % of the time of a million-call breakdown. The detail rows
are instead written here as one pre-built string per row into a temporary
file (memory stays flat), while xlsxwriter still writes the workbook around
them: styles, the other sheets, and each detail sheet as a placeholder that
holds its header, footers, frozen pane, filter and column widths. `splice`
then copies xlsxwriter's package into the output and inserts our rows after
each placeholder's header row; the placeholder's footers sit at the rows after
ours, so its dimension and filter refs already span them.

Strings are inline (`t="inlineStr"`), as xlsxwriter writes them in
constant_memory mode: an inline string is always text, never a formula.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from typing import IO, Any, BinaryIO

from infra.render.xlsx_book import excel_text

# Excel reads "_x0041_" in a string as the character it encodes; a literal one
# is kept by escaping its underscore (as xlsxwriter and Excel do).
_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_XML_SPECIAL = re.compile(r"[&<>]|_x[0-9A-Fa-f]{4}_")
_ROW_END = "</row>"
_COPY_CHUNK = 1 << 20


def xml_text(value: str) -> str:
    """User text as the content of an inline string's <t>: cleaned, then escaped."""
    text = excel_text(value)
    if _XML_SPECIAL.search(text) is None:
        return text
    text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xf_id(style: Any) -> int:
    """The cell style (xf) index xlsxwriter gives a format, fixed on first use.

    Private API of xlsxwriter (pinned in uv.lock); the round-trip tests read the
    number formats of our cells back, so a change in it fails them.
    """
    index: int = style._get_xf_index()
    return index


class RowFile:
    """A detail sheet's <row> elements, streamed to a temporary file as UTF-8."""

    def __init__(self) -> None:
        # Outlives this call: closed by close(), after splice() has read it.
        self._raw: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="\n")

    def finish(self) -> tuple[IO[bytes], int]:
        """The file, rewound, and its size in bytes; no more rows after this."""
        self.text.flush()
        size = self._raw.tell()
        self._raw.seek(0)
        return self._raw, size

    def close(self) -> None:
        self.text.close()


def sheet_part(index: int) -> str:
    """The package part of the index-th (0-based) worksheet, as xlsxwriter names it."""
    return f"xl/worksheets/sheet{index + 1}.xml"


def splice(book: IO[bytes], out: BinaryIO, rows: Mapping[str, RowFile]) -> None:
    """Copies the package `book` to `out`, inserting `rows[part]` after the first
    row of each placeholder sheet `part`."""
    with (
        zipfile.ZipFile(book) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = rows.get(info.filename)
            if body is None:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
                continue
            xml = source.read(info)
            start = xml.index(b"<sheetData>")
            cut = xml.index(_ROW_END.encode(), start) + len(_ROW_END)
            data, size = body.finish()
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.file_size = len(xml) + size  # so zipfile picks ZIP64 past 2 GiB
            with target.open(part, "w") as stream:
                stream.write(xml[:cut])
                shutil.copyfileobj(data, stream, _COPY_CHUNK)
                stream.write(xml[cut:])
