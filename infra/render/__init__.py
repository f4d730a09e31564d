"""Invoice files: PDF (WeasyPrint) and workbooks (openpyxl), D8 and D10."""

from infra.render.invoice import InvoiceRenderer
from infra.render.pdf import WeasyPrintInvoiceRenderer
from infra.render.xlsx import OpenpyxlInvoiceRenderer

__all__ = ["InvoiceRenderer", "OpenpyxlInvoiceRenderer", "WeasyPrintInvoiceRenderer"]
