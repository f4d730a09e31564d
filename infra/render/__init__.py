"""Invoice files: PDF (WeasyPrint, pdf.py) and workbooks (xlsxwriter, xlsx.py), D8 and D10.

Import the module you need: re-exporting them here would load WeasyPrint for
every user of the package, even one that only writes a workbook.
"""
