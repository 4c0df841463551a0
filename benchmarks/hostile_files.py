"""Hostile and huge files: how long reading each takes, and its memory.

    .venv/bin/python benchmarks/hostile_files.py

Builds the files of ``tests/centres/test_hostile_files.py`` (a workbook declaring the whole
sheet, values in its last row and last cell, a zip bomb, XML entity expansion, a CSV of a
million rows, a JSON file of 600,000 objects) and prints, for each, the outcome of
``read_table``, its time and the peak of the memory it allocated (tracemalloc, a second run).
Issue 12 asks for 5 seconds and 200 MB at most, each.
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402

from crpv.spreadsheets.read import TableError, read_table  # noqa: E402
from tests.centres.test_hostile_files import (  # noqa: E402
    BILLION_LAUGHS,
    ROWS,
    SHEET,
    rewrite,
    workbook,
    zip_bomb,
)


def sheet_with(cell):
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active[cell] = "z"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def declared_dimension():
    return rewrite(
        workbook(ROWS),
        SHEET,
        lambda xml: xml.replace(b'<dimension ref="A1:C3" />', b'<dimension ref="A1:XFD1048576"/>'),
    )


def row_elements():
    filler = b"".join(b'<row r="%d" ht="15" customHeight="1"/>' % n for n in range(4, 1_048_000))
    return rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>")
    )


def merged_ranges():
    merges = b"<mergeCells>" + b'<mergeCell ref="A2:A3"/>' * 1_900_000 + b"</mergeCells>"
    return rewrite(
        workbook(ROWS), SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merges)
    )


def after_rows(xml):
    return rewrite(
        workbook(ROWS), SHEET, lambda sheet: sheet.replace(b"</sheetData>", b"</sheetData>" + xml)
    )


def entities():
    return rewrite(workbook(ROWS), SHEET, lambda xml: BILLION_LAUGHS + xml.split(b"?>", 1)[-1])


CASES = {
    "XLSX, dimension A1:XFD1048576, 3 rows": declared_dimension,
    "XLSX, a value in A1048576": lambda: sheet_with("A1048576"),
    "XLSX, a value in XFD1048576": lambda: sheet_with("XFD1048576"),
    "XLSX, zip bomb (60 MB inflated)": zip_bomb,
    "XLSX, XML entity expansion": entities,
    "XLSX, a million empty row elements": row_elements,
    "XLSX, 1,900,000 merged ranges": merged_ranges,
    "XLSX, 1,400,000 kinds of element": lambda: after_rows(
        b"".join(b"<x%d/>" % n for n in range(1_400_000))
    ),
    "XLSX, a tag of 1,400,000 attributes": lambda: after_rows(
        b"<x " + b"".join(b'a%d="" ' % n for n in range(1_400_000)) + b"/>"
    ),
    "CSV, 1,000,000 short rows": lambda: b"identifiant\n" + b"a\n" * 1_000_000,
    "JSON, 600,000 objects": lambda: ("[" + ",".join(['{"a":1}'] * 600_000) + "]").encode(),
}


def outcome(content):
    try:
        return f"read, {len(read_table(content))} rows"
    except TableError as error:
        return f"refused: {str(error)[:70]}…"


def main():
    print(f"{'file':<40} {'size':>9} {'time':>8} {'memory':>9}  outcome")
    # The memory is what Python allocated while reading (tracemalloc), not the process's.
    for name, make in CASES.items():
        content = make()
        start = time.perf_counter()
        result = outcome(content)
        seconds = time.perf_counter() - start
        tracemalloc.start()
        outcome(content)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name:<40} {len(content) / 1024:>7.0f} K {seconds:>6.2f} s "
            f"{peak / 1024 / 1024:>6.1f} MB  {result}"
        )


if __name__ == "__main__":
    main()
