"""Invoice files: PDF (WeasyPrint) and workbooks (xlsxwriter), D8 and D10."""

from infra.render.invoice import InvoiceRenderer
from infra.render.pdf import WeasyPrintInvoiceRenderer
from infra.render.xlsx import XlsxInvoiceRenderer

__all__ = ["InvoiceRenderer", "WeasyPrintInvoiceRenderer", "XlsxInvoiceRenderer"]
