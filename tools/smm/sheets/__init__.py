"""Spreadsheets in and out: `smm import FILE.csv|FILE.xlsx` writes post files from a content plan
kept in a spreadsheet, `smm plan --format csv|xlsx` writes the plan back out in the same columns.

columns.py knows the columns (headers in English or Russian) and reads each kind of cell;
tables.py reads and writes CSV (either separator, UTF-8 or Windows-1251) and XLSX (openpyxl);
importer.py turns rows into post files; export.py turns the plan's posts into rows. A row that
cannot be read is reported as ``FILE:ROW:COL: error import/<what> ...`` and nothing is written for
it; the others are written.
"""
