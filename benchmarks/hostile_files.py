"""Hostile and huge files: how long reading each takes, and its memory.

    .venv/bin/python benchmarks/hostile_files.py

Builds the files of ``tests/centres/test_hostile_files.py`` (a workbook declaring the whole
sheet, values in its last row and last cell, a zip bomb, XML entity expansion, a CSV of a
million rows, a JSON file of 600,000 objects), and workbooks as large as the limits let
through or just past them, and prints, for each, the outcome of ``read_table``, its time
(wall clock and CPU) and the peak of the memory it allocated (tracemalloc, a second run).
Issue 12 asks for 5 seconds and 200 MB at most, each. Words given after the command pick
the cases whose name holds one of them: ``hostile_files.py ODS rows``.
"""

import io
import os
import re
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
from tests.centres.test_import_files import ods_bytes, ods_row, text_cell  # noqa: E402


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


def full_sheet(rows, columns, cell):
    """Return an XLSX of ``rows`` rows of ``columns`` cells (``cell(row, column)``, its XML),
    under the three columns of ROWS's header: what the limits let through, or just refuse."""
    body = b"".join(
        b'<row r="%d">' % r + b"".join(cell(r, c) for c in range(1, columns + 1)) + b"</row>"
        for r in range(2, rows + 2)
    )
    return rewrite(
        workbook(ROWS[:1]),
        SHEET,
        lambda xml: re.sub(
            rb"<sheetData>.*</sheetData>", b"<sheetData>" + body + b"</sheetData>", xml, flags=re.S
        ).replace(b"<sheetData />", b"<sheetData>" + body + b"</sheetData>"),
    )


def number_cell(r, c):
    return b'<c r="%s%d"><v>%d</v></c>' % (_letters(c), r, r * 1000 + c)


def text_cell_xlsx(r, c):
    return b'<c r="%s%d" t="inlineStr"><is><t>ligne %d colonne %d</t></is></c>' % (
        _letters(c),
        r,
        r,
        c,
    )


def _letters(column):
    letters = b""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def ods_full_sheet(rows, columns):
    cells = "".join(text_cell(f"valeur {c}") for c in range(columns))
    body = ods_row(*(text_cell(f"h{c}") for c in range(columns))) + "".join(
        ods_row(cells.replace("valeur", f"l{r}")) for r in range(rows)
    )
    return ods_bytes([body])


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
    "XLSX, 10,000 rows x 100 numbers": lambda: full_sheet(10_000, 100, number_cell),
    "XLSX, 10,000 rows x 22 texts": lambda: full_sheet(10_000, 22, text_cell_xlsx),
    "XLSX, 5,000 rows x 100 texts": lambda: full_sheet(5_000, 100, text_cell_xlsx),
    "ODS, 5,000 rows x 100 texts": lambda: ods_full_sheet(5_000, 100),
    "ODS, 10,000 rows x 22 texts": lambda: ods_full_sheet(10_000, 22),
    "CSV, 1,000,000 short rows": lambda: b"identifiant\n" + b"a\n" * 1_000_000,
    "JSON, 600,000 objects": lambda: ("[" + ",".join(['{"a":1}'] * 600_000) + "]").encode(),
}


def outcome(content):
    try:
        return f"read, {len(read_table(content))} rows"
    except TableError as error:
        return f"refused: {str(error)[:70]}…"


def main():
    only = sys.argv[1:]
    print(f"{'file':<40} {'size':>9} {'time':>8} {'CPU':>8} {'memory':>9}  outcome")
    # The memory is what Python allocated while reading (tracemalloc), not the process's;
    # the CPU time is this process's alone, when others share the machine.
    for name, make in CASES.items():
        if only and not any(word in name for word in only):
            continue
        content = make()
        start, cpu = time.perf_counter(), time.process_time()
        result = outcome(content)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        tracemalloc.start()
        outcome(content)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name:<40} {len(content) / 1024:>7.0f} K {seconds:>6.2f} s {cpu:>6.2f} s "
            f"{peak / 1024 / 1024:>6.1f} MB  {result}"
        )


if __name__ == "__main__":
    main()
